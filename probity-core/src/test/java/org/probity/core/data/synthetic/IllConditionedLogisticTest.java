package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class IllConditionedLogisticTest {
  /** Sample variance of x projected on column j of the basis (the j-th eigenvector). */
  private static double varianceAlong(IllConditionedLogistic.Data data, int j) {
    Dataset d = data.dataset();
    int dim = d.exampleShape().size();
    double[] q = data.basis();
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < d.size(); i++) {
      double p = 0;
      for (int r = 0; r < dim; r++) {
        p += q[r * dim + j] * d.features().data()[i * dim + r];
      }
      s += p;
      s2 += p * p;
    }
    double m = s / d.size();
    return s2 / d.size() - m * m;
  }

  @Test
  void covarianceHasTheRequestedConditionNumber() {
    IllConditionedLogistic.Config c = new IllConditionedLogistic.Config(40000, 6, 1000, true, 3.0, false);
    IllConditionedLogistic.Data data = IllConditionedLogistic.generate(c, new Rng(1));
    assertEquals(1.0, data.eigenvalues()[0], 1e-12);
    assertEquals(1e-3, data.eigenvalues()[5], 1e-12);
    for (int j = 0; j < 6; j++) {
      double expect = data.eigenvalues()[j];
      assertEquals(expect, varianceAlong(data, j), 0.04 * expect, "eigenvalue " + j);
    }
    // The basis is orthonormal and, rotated, not the identity.
    double[] q = data.basis();
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        double dot = 0;
        for (int r = 0; r < 6; r++) {
          dot += q[r * 6 + a] * q[r * 6 + b];
        }
        assertEquals(a == b ? 1 : 0, dot, 1e-9);
      }
    }
    assertTrue(Math.abs(q[0]) < 0.999);
  }

  @Test
  void logitScaleAndLabels() {
    IllConditionedLogistic.Config c = new IllConditionedLogistic.Config(20000, 10, 100, true, 2.0, false);
    IllConditionedLogistic.Data data = IllConditionedLogistic.generate(c, new Rng(2));
    Dataset d = data.dataset();
    double s2 = 0;
    int agree = 0;
    for (int i = 0; i < d.size(); i++) {
      double logit = 0;
      for (int j = 0; j < 10; j++) {
        logit += data.weights()[j] * d.features().data()[i * 10 + j];
      }
      s2 += logit * logit;
      if ((logit > 0) == (d.labels()[i] == 1)) {
        agree++;
      }
    }
    assertEquals(2.0, Math.sqrt(s2 / d.size()), 0.05);
    // Bernoulli labels agree with the sign of a N(0, 2²) logit about 81% of the time.
    double rate = (double) agree / d.size();
    assertTrue(rate > 0.77 && rate < 0.85, "agreement " + rate);
    IllConditionedLogistic.Data exact = IllConditionedLogistic.generate(
        new IllConditionedLogistic.Config(500, 10, 100, false, 2.0, true), new Rng(2));
    for (int i = 0; i < 500; i++) {
      double logit = 0;
      for (int j = 0; j < 10; j++) {
        logit += exact.weights()[j] * exact.dataset().features().data()[i * 10 + j];
      }
      assertEquals(logit > 0 ? 1 : 0, exact.dataset().labels()[i]);
    }
  }

  @Test
  void unrotatedFeaturesAreAxisAlignedAndDeterministic() {
    IllConditionedLogistic.Config c = IllConditionedLogistic.Config.defaults().withRotation(false)
        .withConditionNumber(16).withSize(100, 5);
    IllConditionedLogistic.Data a = IllConditionedLogistic.generate(c, new Rng(3));
    assertEquals(1.0, a.basis()[0]);
    assertEquals(0.25, a.eigenvalues()[2], 1e-12); // 16^(-2/4)
    assertEquals(a.dataset().fingerprint(), IllConditionedLogistic.generate(c, new Rng(3)).dataset().fingerprint());
    assertThrows(IllegalArgumentException.class, () -> c.withConditionNumber(0.5));
  }
}
