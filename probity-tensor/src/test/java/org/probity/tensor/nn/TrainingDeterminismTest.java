package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Kernels;
import org.probity.tensor.loss.CrossEntropy;

/**
 * End-to-end guarantees of the engine that no single op test shows: a seeded training run gives
 * bit-identical parameters with one and with two kernel threads, and independent models trained
 * at the same time in different threads end exactly where they end when trained one after another.
 */
class TrainingDeterminismTest {

  /** Trains a small convolutional + dense model for a few SGD steps; returns the final parameters. */
  // fc1 is 64x256 by 256x512: 8.4M multiply-adds, above ParallelGemm.MIN_FLOPS_PER_TASK x 2, so
  // with two threads its GEMMs really are split into row bands.
  private static float[] train(long seed, int steps, boolean perExample) {
    Rng rng = new Rng(seed);
    Module model = new Sequential(
        new Conv2d(1, 4, 3, 1, 1, rng.derive("conv")), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(4 * 8 * 8, 512, rng.derive("fc1")), new GELU(),
        new Linear(512, 10, rng.derive("fc2")));
    Rng data = rng.derive("data");
    for (int s = 0; s < steps; s++) {
      Tensor x = Tensor.randn(data, 64, 1, 16, 16);
      int[] y = new int[64];
      for (int i = 0; i < y.length; i++) {
        y[i] = data.nextInt(10);
      }
      model.params().zeroGrad();
      try (Tape tape = perExample ? Tape.start(PerExample.forNorms()) : Tape.start()) {
        tape.backward(CrossEntropy.perExample(model.forward(x), y).mean());
      }
      for (Tensor p : model.params().tensors()) {
        float[] w = p.data();
        float[] g = p.grad().data();
        for (int i = 0; i < w.length; i++) {
          w[i] -= 0.1f * g[i];
        }
      }
    }
    return model.params().flatten().data();
  }

  @Test
  void sameSeedGivesBitIdenticalResultsWithOneAndTwoThreads() {
    int saved = Kernels.threads();
    try {
      Kernels.setThreads(1);
      float[] one = train(42, 3, true);
      Kernels.setThreads(2);
      float[] two = train(42, 3, true);
      assertArrayEquals(one, two, "parameters after training differ between 1 and 2 kernel threads");
      float[] other = train(43, 3, true);
      assertEquals(false, java.util.Arrays.equals(one, other), "a different seed should give different parameters");
    } finally {
      Kernels.setThreads(saved);
    }
  }

  @Test
  void independentModelsTrainConcurrentlyInDifferentThreads() throws Exception {
    List<float[]> sequential = new ArrayList<>();
    for (int m = 0; m < 4; m++) {
      sequential.add(train(100 + m, 2, m % 2 == 0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        final int model = m;
        futures.add(pool.submit(() -> train(100 + model, 2, model % 2 == 0)));
      }
      for (int m = 0; m < 4; m++) {
        assertArrayEquals(sequential.get(m), futures.get(m).get(120, TimeUnit.SECONDS),
            "model " + m + " trained concurrently differs from the same model trained alone");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
