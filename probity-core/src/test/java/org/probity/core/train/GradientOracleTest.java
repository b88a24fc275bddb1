package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/** The trainer's gradient seam: the default is plain backprop, a custom oracle is used, empty batches are steps. */
class GradientOracleTest {
  private final Dataset train = Blobs.make("oracle", 200, new Rng(1));

  private Module model(long seed) {
    return Models.build(ModelSpec.softmax(), train, new Rng(seed));
  }

  @Test
  void settingTheDefaultOracleExplicitlyChangesNothing() {
    TrainConfig cfg = TrainConfig.ofSteps(15, 16, 3);
    LossFunction loss = LossFunction.forModel(ModelSpec.softmax(), train);
    Module a = model(4);
    Module b = model(4);
    new Trainer(cfg).fit(a, loss, Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    new Trainer(cfg).gradientOracle(GradientOracle.backprop())
        .fit(b, loss, Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertArrayEquals(a.params().flatten().data(), b.params().flatten().data(), 0f);
  }

  @Test
  void aCustomOracleIsAskedOncePerStepAndEmptyBatchesAreStepsWithoutLoss() {
    List<Integer> sizes = new ArrayList<>();
    GradientOracle counting = (model, loss, objective, batch) -> {
      sizes.add(batch.size());
      return GradientOracle.backprop().compute(model, loss, objective, batch);
    };
    // Every third step draws no example at all.
    BatchSource source = (step, rng) -> train.batch(step % 3 == 2 ? new int[0] : new int[] {step, step + 1});
    LossFunction loss = LossFunction.forModel(ModelSpec.softmax(), train);
    TrainResult r = new Trainer(TrainConfig.ofSteps(9, 2, 5).withLogEvery(3))
        .batchSource(source)
        .gradientOracle(counting)
        .fit(model(6), loss, Mean.INSTANCE, Optimizers.sgd(0.1), train, null);
    assertEquals(List.of(2, 2, 0, 2, 2, 0, 2, 2, 0), sizes);
    assertEquals(9, r.steps());
    for (StepRecord rec : r.history()) {
      assertEquals(3, rec.steps());
      assertTrue(Double.isFinite(rec.trainLoss()), "an empty batch must not poison the logged loss: " + rec);
      assertEquals(0.0, rec.gradNorm(), 0.0, "the last step of each window had an empty batch");
    }
  }

  @Test
  void theDefaultOracleLeavesAnEmptyBatchWithoutGradient() {
    Module m = model(7);
    Batch none = train.batch(new int[0]);
    GradientOracle.StepLoss r = GradientOracle.backprop().compute(m, LossFunction.forModel(ModelSpec.softmax(), train),
        Mean.INSTANCE, none);
    assertTrue(Double.isNaN(r.objective()));
    m.params().tensors().forEach(p -> assertEquals(null, p.grad()));
  }
}
