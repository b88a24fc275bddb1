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

/** RCAD against independent computations: finite-difference directions and gradients, hand-computed entropies. */
class RcadTest {
  private static final LossFunction CE = LossFunction.crossEntropy();

  @Test
  void theDirectionIsTheNormalisedFiniteDifferenceInputGradient() {
    Module m = AdversarialFixtures.model(1);
    Batch b = AdversarialFixtures.batch(2);
    float[] d = Rcad.direction(m, CE, b).data();
    double[] fd = AdversarialFixtures.inputGradient(m, CE, b, 1e-2);
    int in = AdversarialFixtures.IN;
    for (int i = 0; i < b.size(); i++) {
      double norm = 0;
      double unit = 0;
      for (int j = 0; j < in; j++) {
        norm += fd[i * in + j] * fd[i * in + j];
        unit += (double) d[i * in + j] * d[i * in + j];
      }
      norm = Math.sqrt(norm);
      assertEquals(1.0, unit, 1e-5, "example " + i + " direction is not unit length");
      for (int j = 0; j < in; j++) {
        assertEquals(fd[i * in + j] / norm, d[i * in + j], 2e-3, "example " + i + ", input " + j);
      }
    }
    m.params().tensors().forEach(p -> assertNull(p.grad(), "the direction pass must leave no parameter gradient"));
  }

  @Test
  void aZeroGradientGivesAZeroDirectionNotNaN() {
    Module m = AdversarialFixtures.model(1);
    // A loss that ignores its outputs' values has zero input gradient.
    LossFunction flat = new LossFunction() {
      @Override
      public Tensor perExample(Tensor outputs, Batch batch) {
        return outputs.sum(1, false).mul(0f);
      }

      @Override
      public String name() {
        return "flat";
      }
    };
    for (float v : Rcad.direction(m, flat, AdversarialFixtures.batch(2)).data()) {
      assertEquals(0f, v);
    }
  }

  @Test
  void withLambdaZeroTheStepIsPlainBackprop() {
    Batch b = AdversarialFixtures.batch(3);
    Module a = AdversarialFixtures.model(4);
    Module c = AdversarialFixtures.model(4);
    GradientOracle.StepLoss ra = GradientOracle.backprop().compute(a, CE, Mean.INSTANCE, b);
    GradientOracle.StepLoss rc = Rcad.of(2.0, 0.0).compute(c, CE, Mean.INSTANCE, b);
    assertArrayEquals(AdversarialFixtures.grads(a), AdversarialFixtures.grads(c), 0f);
    assertEquals(ra.objective(), rc.objective(), 0.0);
  }

  /**
   * The step's gradient is that of CE(x) + λ(log K − mean H(f(x_adv))) with x_adv held fixed: checked
   * by central differences over every parameter, x_adv built from the finite-difference direction.
   */
  @Test
  void theGradientIsThatOfTheRegularisedObjectiveWithTheAdversarialPointsHeldFixed() {
    double alpha = 1.5;
    double lambda = 0.7;
    Batch b = AdversarialFixtures.batch(5);
    Module m = AdversarialFixtures.model(6);
    double[] fd = AdversarialFixtures.inputGradient(m, CE, b, 1e-2);
    int in = AdversarialFixtures.IN;
    float[] xAdv = b.x().data().clone();
    for (int i = 0; i < b.size(); i++) {
      double norm = 0;
      for (int j = 0; j < in; j++) {
        norm += fd[i * in + j] * fd[i * in + j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < in; j++) {
        xAdv[i * in + j] += (float) (alpha * fd[i * in + j] / norm);
      }
    }
    Tensor adv = Tensor.wrap(xAdv, b.x().shape());
    double logK = Math.log(AdversarialFixtures.CLASSES);
    java.util.function.DoubleSupplier objective = () -> AdversarialFixtures.meanLoss(m, CE, b)
        + lambda * (logK - Rcad.meanEntropy(m.forward(adv)).item());
    double expectedValue = objective.getAsDouble();
    double[] expected = AdversarialFixtures.paramGradient(m, objective, 1e-2);

    GradientOracle.StepLoss r = Rcad.of(alpha, lambda).compute(m, CE, Mean.INSTANCE, b);
    float[] got = AdversarialFixtures.grads(m);
    assertEquals(expectedValue, r.objective(), 1e-4);
    assertEquals(AdversarialFixtures.meanLoss(m, CE, b), r.meanLoss(), 1e-5, "the logged loss is the clean CE");
    for (int k = 0; k < got.length; k++) {
      assertEquals(expected[k], got[k], 3e-3, "parameter value " + k);
    }
    // The entropy term must matter here, or the check above could not tell RCAD from plain backprop.
    double[] plain = AdversarialFixtures.paramGradient(m, () -> AdversarialFixtures.meanLoss(m, CE, b), 1e-2);
    double largest = 0;
    for (int k = 0; k < plain.length; k++) {
      largest = Math.max(largest, Math.abs(plain[k] - expected[k]));
    }
    assertTrue(largest > 2e-2, "the entropy term barely changes the gradient: " + largest);
  }

  @Test
  void theEntropyMatchesAHandComputation() {
    // Row 1: logits (1, 2, 3); row 2: uniform over 3 classes, entropy log 3.
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    double h1 = 0;
    for (int k = 1; k <= 3; k++) {
      double p = Math.exp(k) / z;
      h1 -= p * Math.log(p);
    }
    assertEquals((h1 + Math.log(3)) / 2, Rcad.meanEntropy(logits).item(), 1e-6);
  }

  @Test
  void aSingleLogitIsReadAsABernoulli() {
    double p = 1 / (1 + Math.exp(-1.5));
    double h = -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    assertEquals((h + Math.log(2)) / 2, Rcad.meanEntropy(Tensor.of(new float[] {1.5f, 0f}, 2, 1)).item(), 1e-6);
    assertEquals((h + Math.log(2)) / 2, Rcad.meanEntropy(Tensor.vector(1.5f, 0f)).item(), 1e-6);
    assertEquals(2, Rcad.classes(Tensor.vector(1.5f, 0f)));
  }

  @Test
  void anEmptyBatchIsAStepWithoutGradient() {
    Module m = AdversarialFixtures.model(1);
    Batch none = AdversarialFixtures.withX(Tensor.zeros(0, AdversarialFixtures.IN), new int[0]);
    assertTrue(Double.isNaN(Rcad.of(1, 0.5).compute(m, CE, Mean.INSTANCE, none).objective()));
    m.params().tensors().forEach(p -> assertNull(p.grad()));
  }

  @Test
  void badSettingsAreRejectedByName() {
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Rcad.of(-1, 0.5));
    assertTrue(a.getMessage().contains("alpha") && a.getMessage().contains("-1"), a.getMessage());
    IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> Rcad.of(1, Double.NaN));
    assertTrue(l.getMessage().contains("lambda") && l.getMessage().contains("NaN"), l.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Rcad.of(Double.POSITIVE_INFINITY, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Rcad(null));
  }
}
