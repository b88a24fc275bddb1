package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

class TrainerTest {
  private final Dataset train = Blobs.make("blobs-train", 400, new Rng(1));
  private final Dataset test = Blobs.make("blobs-test", 200, new Rng(2));

  private TrainResult fit(ModelSpec spec, TrainConfig cfg, double lr, Module[] out) {
    Module model = Models.build(spec, train, new Rng(cfg.seed()).derive("model"));
    if (out != null) {
      out[0] = model;
    }
    return new Trainer(cfg).fit(model, LossFunction.forModel(spec, train), Mean.INSTANCE, Optimizers.sgd(lr), train,
        test);
  }

  @Test
  void separatesTwoBlobs() {
    for (ModelSpec spec : List.of(ModelSpec.softmax(), ModelSpec.logistic(), ModelSpec.linearSvm(),
        ModelSpec.mlp(List.of(8), "gelu", 0.1))) {
      TrainResult r = fit(spec, TrainConfig.ofEpochs(5, 32, 7), 0.1, null);
      assertTrue(r.evalMetrics().get(Metrics.ACCURACY) > 0.95, spec.type() + ": " + r.evalMetrics());
      assertTrue(r.trainMetrics().get(Metrics.ACCURACY) > 0.95, spec.type() + ": " + r.trainMetrics());
      assertEquals(5 * 13, r.steps()); // ceil(400 / 32) = 13 steps per epoch
      assertEquals(5, r.epochs());
      // The loss went down: last logged training loss below the first.
      assertTrue(r.history().get(r.history().size() - 1).trainLoss() < r.history().get(0).trainLoss());
    }
  }

  @Test
  void sameSeedIsBitIdenticalAndAnotherSeedIsNot() {
    ModelSpec spec = ModelSpec.mlp(List.of(8), "relu", 0.2); // dropout draws randomness too
    TrainConfig cfg = TrainConfig.ofSteps(40, 16, 123).withEvalEvery(10);
    Module[] a = new Module[1];
    Module[] b = new Module[1];
    Module[] c = new Module[1];
    TrainResult ra = fit(spec, cfg, 0.05, a);
    TrainResult rb = fit(spec, cfg, 0.05, b);
    TrainResult rc = fit(spec, cfg.withSeed(124), 0.05, c);
    assertArrayEquals(a[0].params().flatten().data(), b[0].params().flatten().data());
    assertEquals(losses(ra), losses(rb));
    assertEquals(ra.evalMetrics(), rb.evalMetrics());
    assertFalse(Arrays.equals(a[0].params().flatten().data(), c[0].params().flatten().data()));
    assertFalse(losses(ra).equals(losses(rc)));
  }

  @Test
  void groupTermSourceSamplesGroupsAndLearnsTheirLosses() {
    org.probity.core.objective.StochasticGroupTerm term =
        org.probity.core.objective.StochasticGroupTerm.forGroups(train.groups(), 1.0);
    double[] before = term.probabilities();
    List<Integer> groupsSeen = new ArrayList<>();
    BatchSource src = BatchSource.groupTerm(term, train, 16);
    BatchSource spy = new BatchSource() {
      @Override
      public Batch next(int step, Rng rng) {
        Batch b = src.next(step, rng);
        for (int g : b.groups()) {
          assertEquals(term.lastGroup(), g); // every batch comes from one group
        }
        groupsSeen.add(term.lastGroup());
        return b;
      }

      @Override
      public void observe(int step, Batch batch, Tensor perExampleLoss, double objectiveValue) {
        src.observe(step, batch, perExampleLoss, objectiveValue);
      }
    };
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(0));
    new Trainer(TrainConfig.ofSteps(30, 16, 1)).batchSource(spy)
        .fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertEquals(30, groupsSeen.size());
    assertTrue(groupsSeen.contains(0) && groupsSeen.contains(1), groupsSeen.toString());
    assertFalse(Arrays.equals(before, term.probabilities()));
  }

  @Test
  void cnnTrainsOnFlatImages() {
    // 8x8 images: class 1 has a bright top half. Flat rows, as scikit-learn's digits are stored.
    Rng rng = new Rng(4);
    int n = 64;
    float[] x = new float[n * 64];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int p = 0; p < 64; p++) {
        x[i * 64 + p] = (float) (0.3 * rng.nextGaussian()) + (y[i] == 1 && p < 32 ? 1f : 0f);
      }
    }
    Dataset imgs = Dataset.classification("imgs", Tensor.wrap(x, org.probity.tensor.Shape.of(n, 64)), y, 2);
    ModelSpec spec = new ModelSpec("cnn", List.of(16), null, null, List.of(4, 8), 3, 8);
    Module model = Models.build(spec, imgs, new Rng(0));
    TrainResult r = new Trainer(TrainConfig.ofEpochs(4, 16, 0)).fit(model, LossFunction.forModel(spec, imgs),
        Mean.INSTANCE, Optimizers.adam(0.01), imgs, imgs);
    assertTrue(r.evalMetrics().get(Metrics.ACCURACY) > 0.9, r.evalMetrics().toString());
  }

  private static List<Double> losses(TrainResult r) {
    List<Double> out = new ArrayList<>();
    for (StepRecord s : r.history()) {
      out.add(s.trainLoss());
    }
    return out;
  }

  @Test
  void hugeLearningRateStopsWithDivergence() {
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> fit(ModelSpec.mlp(List.of(16), "relu", 0), TrainConfig.ofSteps(200, 32, 3), 1e30, null));
    assertTrue(e.step() >= 1 && e.step() < 200, e.getMessage());
    assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
    assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    assertFalse(Double.isFinite(e.value()));
  }

  @Test
  void nanInTheDataStopsAtTheFirstStep() {
    float[] x = train.features().toArray();
    Arrays.fill(x, Float.NaN);
    Dataset bad = train.withFeatures(Tensor.wrap(x, train.features().shape()));
    Module model = Models.build(ModelSpec.softmax(), bad, new Rng(0));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new Trainer(
        TrainConfig.ofSteps(5, 8, 0)).fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), bad,
        null));
    assertEquals(1, e.step());
    assertEquals("loss", e.quantity());
  }

  @Test
  void evaluationLoggingAndListenerCadence() {
    List<Integer> evalSteps = new ArrayList<>();
    List<Integer> logSteps = new ArrayList<>();
    List<Integer> averaged = new ArrayList<>();
    int[] start = new int[2];
    TrainResult[] ended = new TrainResult[1];
    TrainingListener l = new TrainingListener() {
      @Override
      public void onStart(int totalSteps, int stepsPerEpoch) {
        start[0] = totalSteps;
        start[1] = stepsPerEpoch;
      }

      @Override
      public void onStep(StepRecord r) {
        logSteps.add(r.step());
        averaged.add(r.steps());
      }

      @Override
      public void onEval(int step, Metrics metrics) {
        evalSteps.add(step);
        assertTrue(metrics.has(Metrics.ACCURACY));
      }

      @Override
      public void onEnd(TrainResult result) {
        ended[0] = result;
      }
    };
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(0));
    TrainResult r = new Trainer(TrainConfig.ofSteps(23, 50, 0).withEvalEvery(5).withLogEvery(4)).listener(l)
        .fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, test);
    assertEquals(List.of(5, 10, 15, 20, 23), evalSteps);
    assertEquals(List.of(4, 8, 12, 16, 20, 23), logSteps);
    assertEquals(List.of(4, 4, 4, 4, 4, 3), averaged);
    assertEquals(23, start[0]);
    assertEquals(8, start[1]);
    assertEquals(3, r.epochs()); // 23 steps of 8 per epoch reach into the third epoch
    assertEquals(r, ended[0]);
    assertEquals(5, r.evals().size());
    assertEquals(r.evals().get(4).metrics(), r.evalMetrics());
    assertEquals(3, r.evals().get(4).epoch());
  }

  @Test
  void withoutEvalDataOnlyTrainMetrics() {
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(0));
    TrainResult r = new Trainer(TrainConfig.ofSteps(3, 10, 0).withEvalEvery(1))
        .fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertNull(r.evalMetrics());
    assertTrue(r.evals().isEmpty());
    assertTrue(r.trainMetrics().has(Metrics.WORST_GROUP_ACCURACY));
  }

  @Test
  void shuffledEpochsVisitEveryRowOncePerEpoch() {
    Dataset d = Blobs.make("d", 10, new Rng(0));
    BatchSource s = BatchSource.shuffled(d, 4, new Rng(9));
    int[][] epochs = new int[2][];
    for (int e = 0; e < 2; e++) {
      List<Integer> rows = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        Batch b = s.next(e * 3 + k, null);
        assertEquals(k < 2 ? 4 : 2, b.size());
        for (int i : b.indices()) {
          rows.add(i);
        }
      }
      epochs[e] = rows.stream().mapToInt(Integer::intValue).toArray();
      int[] sorted = epochs[e].clone();
      Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    }
    assertFalse(Arrays.equals(epochs[0], epochs[1]));
    // Random access: asking for step 1 again gives the same rows.
    assertArrayEquals(Arrays.copyOfRange(epochs[0], 4, 8), s.next(1, null).indices());
  }

  @Test
  void customBatchSourceSeesEveryStepAndItsLosses() {
    List<Integer> steps = new ArrayList<>();
    List<Long> draws = new ArrayList<>();
    List<Integer> observed = new ArrayList<>();
    BatchSource src = new BatchSource() {
      @Override
      public Batch next(int step, Rng rng) {
        steps.add(step);
        draws.add(rng.nextLong());
        return train.batch(new int[] {step, step + 1, step + 2});
      }

      @Override
      public void observe(int step, Batch batch, Tensor perExampleLoss, double objectiveValue) {
        observed.add(step);
        assertEquals(3, perExampleLoss.size());
        assertEquals(step, batch.indices()[0]);
      }
    };
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(0));
    new Trainer(TrainConfig.ofSteps(6, 3, 5)).batchSource(src)
        .fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), steps);
    assertEquals(steps, observed);
    assertEquals(6, draws.stream().distinct().count());
    long first = draws.get(0);
    assertEquals(first, new Rng(5).derive("batches").derive(0).nextLong());
  }

  @Test
  void checkpointsOnCadenceAndAtTheEnd(@TempDir Path dir) throws Exception {
    List<Integer> seen = new ArrayList<>();
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(0));
    TrainResult r = new Trainer(TrainConfig.ofSteps(25, 20, 0).withCheckpointEvery(10))
        .checkpoints(dir.resolve("checkpoints"), null).listener(new TrainingListener() {
          @Override
          public void onCheckpoint(int step, Path file) {
            seen.add(step);
            assertTrue(Files.exists(file));
          }
        }).fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertEquals(List.of(10, 20, 25), seen);
    assertEquals(dir.resolve("checkpoints").resolve("step-000025.safetensors"), r.checkpoints().get(2));
    Checkpoint last = Checkpoints.read(r.checkpoints().get(2));
    assertEquals(25, last.step());
    assertArrayEquals(model.params().flatten().data(), last.params().flatten().data());

    TrainConfigException e = assertThrows(TrainConfigException.class,
        () -> new Trainer(TrainConfig.ofSteps(5, 20, 0).withCheckpointEvery(2))
            .fit(model, LossFunction.crossEntropy(), Mean.INSTANCE, Optimizers.sgd(0.1), train, null));
    assertEquals("checkpointEvery", e.field());
  }
}
