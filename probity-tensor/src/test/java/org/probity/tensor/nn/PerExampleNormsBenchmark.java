package org.probity.tensor.nn;

import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.CrossEntropy;

/**
 * Not a test (tests are never timed here): a main that measures one training step of an MLP
 * 784-256-10 at batch 64 with and without per-example squared norms, interleaved in one run so
 * both see the same JIT and machine state. The target is a ratio of at most 1.15. Run with
 * {@code java --add-modules jdk.incubator.vector -cp <test and main classes> org.probity.tensor.nn.PerExampleNormsBenchmark}.
 */
public final class PerExampleNormsBenchmark {
  private PerExampleNormsBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int stepsPerRound = 5;
    Rng rng = new Rng(1);
    Sequential mlp = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 10, rng));
    Tensor x = Tensor.randn(rng, 64, 784);
    int[] y = new int[64];
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextInt(10);
    }
    int warm = rounds / 4;
    double[] ratios = new double[rounds - warm];
    double[] plainMs = new double[rounds - warm];
    double sink = 0;
    for (int r = 0; r < rounds; r++) {
      // Alternate which variant goes first so neither always runs on a warmer machine; the paired
      // ratio per round, then its median, keeps load from other processes out of the figure.
      boolean normsFirst = (r & 1) == 1;
      long t0 = System.nanoTime();
      for (int s = 0; s < stepsPerRound; s++) {
        sink += step(mlp, x, y, normsFirst ? PerExample.forNorms() : null);
      }
      long t1 = System.nanoTime();
      for (int s = 0; s < stepsPerRound; s++) {
        sink += step(mlp, x, y, normsFirst ? null : PerExample.forNorms());
      }
      long t2 = System.nanoTime();
      if (r >= warm) {
        long plain = normsFirst ? t2 - t1 : t1 - t0;
        long norms = normsFirst ? t1 - t0 : t2 - t1;
        ratios[r - warm] = (double) norms / plain;
        plainMs[r - warm] = plain / 1e6 / stepsPerRound;
      }
    }
    java.util.Arrays.sort(ratios);
    java.util.Arrays.sort(plainMs);
    System.out.printf("MLP 784-256-10, batch 64: plain step median %.3f ms; per-example norms / plain: median %.3f"
        + " (quartiles %.3f, %.3f) over %d paired rounds (checksum %.1f)%n", plainMs[plainMs.length / 2],
        ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[3 * ratios.length / 4], ratios.length, sink);
  }

  private static double step(Sequential mlp, Tensor x, int[] y, PerExample pe) {
    mlp.params().zeroGrad();
    try (Tape tape = pe == null ? Tape.start() : Tape.start(pe)) {
      tape.backward(PerExampleCheck.sum(CrossEntropy.perExample(mlp.forward(x), y)));
    }
    return pe == null ? 0 : pe.squaredNorms().data()[0];
  }
}
