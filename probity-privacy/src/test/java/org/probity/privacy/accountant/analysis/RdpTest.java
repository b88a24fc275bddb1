package org.probity.privacy.accountant.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.PrivacySpent;

class RdpTest {
  /** Integer orders only, 2..63 and 128, 256, 512: the kind of grid the notes' [ours] values used. */
  static final double[] INTEGER_ORDERS = integerOrders();

  private static double[] integerOrders() {
    double[] o = new double[62 + 3];
    int k = 0;
    for (int a = 2; a < 64; a++) {
      o[k++] = a;
    }
    o[k++] = 128;
    o[k++] = 256;
    o[k] = 512;
    return o;
  }

  private static double epsilon(double q, double sigma, long steps, double delta, double[] orders) {
    return Rdp.toEpsilon(orders, Rdp.sampledGaussian(q, sigma, steps, orders), delta).epsilon();
  }

  /**
   * The official PFL-DocVQA accounting values: the organisers' calculator
   * (rubenpt91/PFL-DocVQA-Competition, differential_privacy/privacy_calculator.py, a copy of Opacus
   * 0.15's analysis) run with --sample_clients 2 --num_rounds 5 --providers_per_fl_round 50, so
   * q = (2/10)(50/400) = 0.025, T = 5, δ = 1e-5 (notes-federated-privacy.md §0.1 and §11).
   */
  @Test
  void pflDocVqaOfficialValues() {
    assertEquals(1.0057, epsilon(0.025, 1.145, 5, 1e-5, Rdp.DEFAULT_ORDERS), 1e-3);
    assertEquals(3.9959, epsilon(0.025, 0.637, 5, 1e-5, Rdp.DEFAULT_ORDERS), 1e-3);
    assertEquals(8.0039, epsilon(0.025, 0.468, 5, 1e-5, Rdp.DEFAULT_ORDERS), 1e-3);
  }

  @Test
  void fractionalOrdersMatterForThePflDocVqaEpsilonEight() {
    // Notes §0.1 [ours]: integer orders alone give ε ≈ 10.4 instead of 8.0 at σ = 0.468.
    double integerOnly = epsilon(0.025, 0.468, 5, 1e-5, INTEGER_ORDERS);
    assertEquals(10.4, integerOnly, 0.1);
  }

  @Test
  void otherReferenceValuesOfTheNotes() {
    // Notes §0.1 [ours], computed with integer orders: DP² IMDB (q = 64/25000, σ = 1, 39,000 steps, δ = 1e-5)
    // → ε ≈ 3.03; AdaDPS toy (q = 8/1000, σ = 0.7, 2,250 steps, δ = 1e-3) → ε ≈ 4.19.
    assertEquals(3.03, epsilon(64.0 / 25000, 1.0, 39_000, 1e-5, INTEGER_ORDERS), 0.01);
    assertEquals(4.19, epsilon(0.008, 0.7, 2_250, 1e-3, INTEGER_ORDERS), 0.01);
  }

  /**
   * log A_α / (α − 1) against A_α = ∫ N(z; 0, σ²) ((1−q) + q e^{(2z−1)/(2σ²)})^α dz evaluated by
   * mpmath.quad at 40 digits: an independent route to the same quantity, for integer and
   * fractional orders, q below and above 1/2.
   */
  @Test
  void perStepRdpMatchesNumericalIntegration() {
    double[][] cases = {
        // q, σ, α, RDP
        {0.025, 1.145, 9.8, 0.01288217959635067},
        {0.025, 0.637, 3.7, 0.10629536721575883},
        {0.01, 1.0, 1.5, 0.00012725374332742382},
        {0.01, 1.0, 32.0, 11.246275937048069},
        {0.1, 0.8, 2.5, 0.058087571083751346},
        {0.3, 2.0, 7.25, 0.13539887687372617},
        {0.7, 1.5, 4.5, 0.66264093231057362},
        {0.001, 0.5, 20.0, 32.728678653703014},
        {0.001, 0.5, 1.1, 2.3858455984193253e-5},
        {0.5, 3.0, 63.0, 2.7967118464088658},
    };
    for (double[] c : cases) {
      double got = Rdp.sampledGaussianStep(c[0], c[1], c[2]);
      assertEquals(c[3], got, 1e-8 * c[3] + 1e-12, "q=" + c[0] + " σ=" + c[1] + " α=" + c[2]);
    }
  }

  @Test
  void fractionalSeriesMeetsTheIntegerSumAtIntegerOrders() {
    // Two different formulas (finite binomial sum vs two-sided erfc series) must agree as α → 3 and α → 12.
    for (double alpha : new double[] {3, 12}) {
      double exact = Rdp.sampledGaussianStep(0.05, 0.9, alpha);
      double below = Rdp.sampledGaussianStep(0.05, 0.9, alpha - 1e-7);
      double above = Rdp.sampledGaussianStep(0.05, 0.9, alpha + 1e-7);
      assertEquals(exact, below, 1e-5 * exact, "α → " + alpha + " from below");
      assertEquals(exact, above, 1e-5 * exact, "α → " + alpha + " from above");
    }
  }

  @Test
  void integerSumMatchesANaiveSum() {
    // Small α and moderate σ: the plain double sum does not overflow, so log space must agree with it.
    double q = 0.2;
    double sigma = 1.3;
    for (int alpha = 2; alpha <= 10; alpha++) {
      double a = 0;
      for (int k = 0; k <= alpha; k++) {
        a += binomial(alpha, k) * Math.pow(q, k) * Math.pow(1 - q, alpha - k)
            * Math.exp((k * k - k) / (2 * sigma * sigma));
      }
      assertEquals(Math.log(a) / (alpha - 1), Rdp.sampledGaussianStep(q, sigma, alpha), 1e-13, "α=" + alpha);
    }
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }

  @Test
  void fullSamplingIsTheGaussianMechanismsClosedForm() {
    for (double a : Rdp.DEFAULT_ORDERS) {
      assertEquals(a / (2 * 1.7 * 1.7) * 9, Rdp.sampledGaussian(1.0, 1.7, 9, new double[] {a})[0], 1e-12 * a);
    }
    // And the subsampled formula approaches it as q → 1 (integer and fractional orders).
    assertEquals(4 / (2 * 2.0 * 2.0), Rdp.sampledGaussianStep(1 - 1e-9, 2.0, 4), 1e-6);
    assertEquals(4.5 / (2 * 2.0 * 2.0), Rdp.sampledGaussianStep(1 - 1e-9, 2.0, 4.5), 1e-6);
  }

  @Test
  void conversionIsBalleEtAlTheorem21() {
    double[] orders = {2, 8, 32};
    double[] rdp = {0.1, 0.5, 3.0};
    double delta = 1e-6;
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = 0;
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      double e = rdp[i] + Math.log((a - 1) / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
      if (e < best) {
        best = e;
        bestOrder = a;
      }
    }
    PrivacySpent spent = Rdp.toEpsilon(orders, rdp, delta);
    assertEquals(best, spent.epsilon(), 1e-12);
    assertEquals(bestOrder, spent.order());
    assertEquals(delta, spent.delta());
    // Never worse than the classic ε = R(α) + log(1/δ)/(α−1) (Mironov 2017, Prop. 3).
    for (int i = 0; i < orders.length; i++) {
      assertTrue(spent.epsilon() <= rdp[i] + Math.log(1 / delta) / (orders[i] - 1));
    }
  }

  @Test
  void conversionWithNothingUsableIsInfinite() {
    PrivacySpent spent = Rdp.toEpsilon(new double[] {2, 3}, new double[] {Double.NaN, Double.NaN}, 1e-5);
    assertEquals(Double.POSITIVE_INFINITY, spent.epsilon());
    assertTrue(Double.isNaN(spent.order()));
    assertEquals(0.0, Rdp.toEpsilon(new double[] {2, 3}, new double[] {0, 0}, 0.5).epsilon());
  }

  @Test
  void zeroStepsCostNothing() {
    for (double r : Rdp.sampledGaussian(0.1, 1.0, 0, Rdp.DEFAULT_ORDERS)) {
      assertEquals(0.0, r);
    }
  }

  @Test
  void defaultGridIsTheDocumentedOne() {
    double[] o = Rdp.DEFAULT_ORDERS;
    assertEquals(99 + 52 + 3, o.length);
    assertEquals(1.1, o[0]);
    assertEquals(10.9, o[98]);
    assertEquals(12.0, o[99]);
    assertEquals(63.0, o[150]);
    assertEquals(512.0, o[o.length - 1]);
    for (int i = 1; i < o.length; i++) {
      assertTrue(o[i] > o[i - 1], "increasing at " + i);
    }
    double[] copy = Rdp.defaultOrders();
    copy[0] = 99;
    assertEquals(1.1, Rdp.DEFAULT_ORDERS[0]);
  }

  @Test
  void badInputIsNamed() {
    assertMessage("noise multiplier σ must be a finite number > 0, got 0.0",
        () -> Rdp.sampledGaussian(0.1, 0, 1, Rdp.DEFAULT_ORDERS));
    assertMessage("noise multiplier σ must be a finite number > 0, got -1.0",
        () -> Rdp.sampledGaussian(0.1, -1, 1, Rdp.DEFAULT_ORDERS));
    assertMessage("sample rate q must be in (0, 1], got 0.0", () -> Rdp.sampledGaussian(0, 1, 1, Rdp.DEFAULT_ORDERS));
    assertMessage("sample rate q must be in (0, 1], got 1.5", () -> Rdp.sampledGaussian(1.5, 1, 1, Rdp.DEFAULT_ORDERS));
    assertMessage("steps must be >= 0, got -3", () -> Rdp.sampledGaussian(0.1, 1, -3, Rdp.DEFAULT_ORDERS));
    assertMessage("δ must be in (0, 1), got 1.0", () -> Rdp.toEpsilon(new double[] {2}, new double[] {1}, 1));
    assertMessage("δ must be in (0, 1), got 0.0", () -> Rdp.toEpsilon(new double[] {2}, new double[] {1}, 0));
    assertMessage("RDP order α must be > 1, got 1.0", () -> Rdp.sampledGaussianStep(0.1, 1, 1));
    assertMessage("2 orders but 1 RDP values", () -> Rdp.toEpsilon(new double[] {2, 3}, new double[] {1}, 1e-5));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
