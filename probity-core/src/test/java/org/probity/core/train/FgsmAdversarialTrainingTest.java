package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Batch;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/** FGSM adversarial training against finite differences: the attack point, the mixed loss and its gradient. */
class FgsmAdversarialTrainingTest {
  private static final LossFunction CE = LossFunction.crossEntropy();

  @Test
  void theAttackStepsEpsilonAlongTheSignOfTheFiniteDifferenceGradient() {
    Module m = AdversarialFixtures.model(1);
    Batch b = AdversarialFixtures.batch(2);
    double eps = 0.25;
    float[] adv = FgsmAdversarialTraining.adversarialPoints(m, CE, b, eps).data();
    double[] fd = AdversarialFixtures.inputGradient(m, CE, b, 1e-2);
    float[] x = b.x().data();
    for (int k = 0; k < x.length; k++) {
      assertTrue(Math.abs(fd[k]) > 1e-3, "fixture has a near-zero gradient at " + k + "; pick another seed");
      assertEquals(x[k] + eps * Math.signum(fd[k]), adv[k], 1e-6, "value " + k);
    }
    m.params().tensors().forEach(p -> assertNull(p.grad(), "the attack must leave no parameter gradient"));
  }

  @Test
  void aCleanWeightOfOneIsPlainBackprop() {
    Batch b = AdversarialFixtures.batch(3);
    Module a = AdversarialFixtures.model(4);
    Module c = AdversarialFixtures.model(4);
    GradientOracle.backprop().compute(a, CE, Mean.INSTANCE, b);
    new FgsmAdversarialTraining(new FgsmAdversarialTraining.Config(0.3, 1.0)).compute(c, CE, Mean.INSTANCE, b);
    assertArrayEquals(AdversarialFixtures.grads(a), AdversarialFixtures.grads(c), 0f);
  }

  /** The step's value and gradient are those of 0.5·CE(x) + 0.5·CE(x_fgsm) with x_fgsm held fixed. */
  @Test
  void theStepIsTheHalfAndHalfLossWithTheAttackHeldFixed() {
    double eps = 0.2;
    Batch b = AdversarialFixtures.batch(5);
    Module m = AdversarialFixtures.model(6);
    Batch adv = AdversarialFixtures.withX(FgsmAdversarialTraining.adversarialPoints(m, CE, b, eps), b.labels());
    java.util.function.DoubleSupplier objective = () -> 0.5 * AdversarialFixtures.meanLoss(m, CE, b)
        + 0.5 * AdversarialFixtures.meanLoss(m, CE, adv);
    double value = objective.getAsDouble();
    double[] expected = AdversarialFixtures.paramGradient(m, objective, 1e-2);
    GradientOracle.StepLoss r = FgsmAdversarialTraining.of(eps).compute(m, CE, Mean.INSTANCE, b);
    assertEquals(value, r.objective(), 1e-5);
    float[] got = AdversarialFixtures.grads(m);
    for (int k = 0; k < got.length; k++) {
      assertEquals(expected[k], got[k], 3e-3, "parameter value " + k);
    }
    // The adversarial loss is larger than the clean one: the attack raises the loss to first order.
    assertTrue(AdversarialFixtures.meanLoss(m, CE, adv) > AdversarialFixtures.meanLoss(m, CE, b));
  }

  @Test
  void anEmptyBatchIsAStepWithoutGradient() {
    Module m = AdversarialFixtures.model(1);
    Batch none = AdversarialFixtures.withX(Tensor.zeros(0, AdversarialFixtures.IN), new int[0]);
    assertTrue(Double.isNaN(FgsmAdversarialTraining.of(0.1).compute(m, CE, Mean.INSTANCE, none).objective()));
    m.params().tensors().forEach(p -> assertNull(p.grad()));
  }

  @Test
  void badSettingsAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FgsmAdversarialTraining.of(-0.1));
    assertTrue(e.getMessage().contains("epsilon") && e.getMessage().contains("-0.1"), e.getMessage());
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> new FgsmAdversarialTraining.Config(0.1, 1.5));
    assertTrue(w.getMessage().contains("cleanWeight") && w.getMessage().contains("1.5"), w.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FgsmAdversarialTraining(null));
  }
}
