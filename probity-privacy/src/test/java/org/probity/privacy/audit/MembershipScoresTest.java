package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.probity.core.data.Dataset;
import org.probity.privacy.audit.MembershipScores.Statistic;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.junit.jupiter.api.Test;

class MembershipScoresTest {
  /** A 3-class linear model with identity weights and zero bias: the logits are the inputs. */
  private static Linear identityModel() {
    Linear m = new Linear(3, 3, new Rng(1));
    float[] w = m.weight().data();
    for (int i = 0; i < w.length; i++) {
      w[i] = i % 4 == 0 ? 1f : 0f;
    }
    java.util.Arrays.fill(m.bias().data(), 0f);
    return m;
  }

  @Test
  void scoresMatchHandComputationOnATinyModel() {
    float[] x = {1f, 2f, 0f, -1f, 0.5f, 3f};
    int[] y = {1, 0};
    Dataset d = Dataset.classification("tiny", Tensor.of(x, 2, 3), y, 3);
    MembershipScores s = MembershipScores.of(identityModel(), d);
    for (int i = 0; i < 2; i++) {
      double z0 = x[3 * i];
      double z1 = x[3 * i + 1];
      double z2 = x[3 * i + 2];
      double sum = Math.exp(z0) + Math.exp(z1) + Math.exp(z2);
      double zy = x[3 * i + y[i]];
      double p = Math.exp(zy) / sum;
      assertEquals(-Math.log(p), s.loss()[i], 1e-6);
      assertEquals(p, s.confidence()[i], 1e-7);
      assertEquals(Math.log(p / (1 - p)), s.logitConfidence()[i], 1e-6);
    }
    // Margins by hand: row 0 logits (1, 2, 0) -> 1; row 1 (-1, 0.5, 3) -> 2.5.
    assertEquals(1.0, s.margin()[0], 1e-6);
    assertEquals(2.5, s.margin()[1], 1e-6);
    assertEquals(-s.loss()[0], s.get(Statistic.NEGATIVE_LOSS)[0], 0);
  }

  @Test
  void logitConfidenceStaysFiniteWhereOneMinusPRoundsToZero() {
    MembershipScores s = MembershipScores.fromLogits(new float[] {60f, 0f, -5f}, 3, new int[] {0});
    // φ = z_y − log(e^0 + e^−5) exactly; the naive log(p/(1−p)) would be +∞ in double.
    assertEquals(60 - Math.log(1 + Math.exp(-5)), s.logitConfidence()[0], 1e-9);
    assertTrue(Double.isFinite(s.loss()[0]));
  }

  @Test
  void singleLogitIsBinaryLogistic() {
    MembershipScores s = MembershipScores.fromLogits(new float[] {2f}, 1, new int[] {1});
    double p = 1 / (1 + Math.exp(-2));
    assertEquals(p, s.confidence()[0], 1e-9);
    assertEquals(2.0, s.logitConfidence()[0], 1e-9);
  }

  @Test
  void classCountMismatchIsAClearError() {
    Dataset d = Dataset.classification("five", Tensor.of(new float[] {1, 2, 3}, 1, 3), new int[] {4}, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MembershipScores.of(identityModel(), d));
    assertTrue(e.getMessage().contains("3 output") && e.getMessage().contains("5 classes"), e.getMessage());
  }
}
