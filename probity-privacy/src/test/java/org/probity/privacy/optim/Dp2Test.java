package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;

/** DP² against the official schedule, DP-SGD, and a hand computation of its preconditioner. */
class Dp2Test {
  private static final double[] SCALES = {5, 0.2, 1};

  /** The official {@code branch_fn} of {@code dp2_rmsprop.py}: 0 DP-SGD, 1 last DP-SGD step, 2 adaptive. */
  private static int officialBranch(long i, int interval) {
    int s1 = interval;
    int s2 = interval;
    boolean onInterval = (i + 1 + s2) % (s1 + s2) == 0;
    boolean useAdaptive = (i / interval) % 2 > 0;
    return useAdaptive ? 2 : (onInterval ? 1 : 0);
  }

  @Test
  void phaseScheduleIsTheOfficialOne() {
    for (int s = 1; s <= 40; s++) {
      for (long i = 0; i < 2000; i++) {
        int want = officialBranch(i, s);
        int got = Dp2.adaptive(i, s) ? 2 : (Dp2.endsSgdPhase(i, s) ? 1 : 0);
        assertEquals(want, got, "step " + i + " with s=" + s);
      }
    }
    // The example in the official comment.
    int[] want = {0, 0, 1, 2, 2, 2, 0, 0, 1, 2, 2, 2};
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], Dp2.adaptive(i, 3) ? 2 : (Dp2.endsSgdPhase(i, 3) ? 1 : 0));
    }
  }

  @Test
  void withoutAnAdaptivePhaseItIsDpSgdOnTheSameNoise() {
    Rng rng = new Rng(21);
    Tensor x = Fixtures.randomX(40, 6, rng.derive("x"));
    float[] y = Fixtures.randomLabels(40, rng.derive("y"));
    Linear a = new Linear(6, 1, rng.derive("init"));
    Linear b = new Linear(6, 1, rng.derive("init"));
    int steps = 25;
    Dp2 dp2 = new Dp2(new Dp2.Config(Dp2.Variant.RMSPROP, steps, 0.7, 3.0, 0.4, 9.0, 0.9, 1e-5, 1.1, 8),
        new Rng(99));
    Dp2.State s = Fixtures.train(dp2, a, x, y, 8, steps);
    Fixtures.train(PrivatizeThen.dpSgd(new Privatizer(0.7, 1.1, 8), 0.4, new Rng(99)), b, x, y, 8, steps);
    assertArrayEquals(b.weight().data(), a.weight().data());
    assertArrayEquals(b.bias().data(), a.bias().data());
    // The last step closed the only DP-SGD phase, so the preconditioner is now set but never used.
    assertEquals(steps, s.step());
    assertEquals(0, s.count());
    assertTrue(Fixtures.norm(s.preconditioner()) > 0);
  }

  @Test
  void preconditionerIsTheAverageNoisyGradientSquared() {
    for (Dp2.Variant variant : Dp2.Variant.values()) {
      int s = 3;
      double c1 = 1.0;
      double c2 = 0.3;
      double sigma = 0.5;
      double gamma = 0.9;
      double eps = 1e-5;
      double lr1 = 0.5;
      double lr2 = 7.0;
      int batch = 4;
      Rng noise = new Rng(31);
      Dp2 dp2 = new Dp2(new Dp2.Config(variant, s, c1, c2, lr1, lr2, gamma, eps, sigma, batch), noise);
      Params params = Fixtures.params(2, 3);
      Dp2.State state = dp2.init(params);
      Rng data = new Rng(41);
      double[][] a = null;
      List<double[][]> phase = new ArrayList<>();
      // Two full cycles: steps 0-2 DP-SGD, 3-5 adaptive, 6-8 DP-SGD.
      for (int t = 0; t < 9; t++) {
        PerExampleGradients g = Fixtures.randomGrads(batch, 2, 3, SCALES, data.derive(t));
        Update<Dp2.State> u = dp2.update(g, state, params);
        boolean adaptive = t >= 3 && t < 6;
        if (!adaptive) {
          double[][] gt = NaiveRelease.release(g, null, c1, sigma, batch, noise, t);
          NaiveRelease.assertClose(scale(gt, -lr1), u.updates(), 1e-5, "DP-SGD update at step " + t);
          phase.add(gt);
          if (t % 3 < 2) {
            assertEquals(phase.size(), u.state().count(), "count at step " + t);
            NaiveRelease.assertClose(sum(phase), u.state().accumulator(), 1e-5, "accumulator at step " + t);
          } else {
            double[][] avg = scale(sum(phase), 1.0 / phase.size());
            a = a == null ? zerosLike(avg) : a;
            for (int k = 0; k < a.length; k++) {
              for (int j = 0; j < a[k].length; j++) {
                double sq = avg[k][j] * avg[k][j];
                a[k][j] = variant == Dp2.Variant.RMSPROP ? gamma * a[k][j] + (1 - gamma) * sq : a[k][j] + sq;
              }
            }
            NaiveRelease.assertClose(a, u.state().preconditioner(), 1e-6, variant + " preconditioner after step " + t);
            assertEquals(0, u.state().count());
            assertEquals(0.0, Fixtures.norm(u.state().accumulator()));
            phase.clear();
          }
        } else {
          double[][] div = new double[a.length][];
          for (int k = 0; k < a.length; k++) {
            div[k] = new double[a[k].length];
            for (int j = 0; j < div[k].length; j++) {
              div[k][j] = Math.sqrt(a[k][j]) + eps;
            }
          }
          double[][] gt = NaiveRelease.release(g, div, c2, sigma, batch, noise, t);
          NaiveRelease.assertClose(scale(gt, -lr2), u.updates(), 1e-4, "adaptive update at step " + t);
          NaiveRelease.assertClose(a, u.state().preconditioner(), 1e-7, "the adaptive phase leaves A alone");
        }
        state = u.state();
      }
    }
  }

  @Test
  void preconditionedExamplesAreClippedToTheSecondBound() {
    Rng rng = new Rng(77);
    for (int trial = 0; trial < 100; trial++) {
      double c2 = 0.05 + rng.nextDouble();
      double lr2 = 2.0;
      // s = 1: step 0 sets A from one gradient, step 1 is adaptive; σ = 0 isolates the clipping.
      Dp2 dp2 = new Dp2(new Dp2.Config(Dp2.Variant.RMSPROP, 1, 1.0, c2, 1.0, lr2, 0.9, 1e-7, 0, 1), new Rng(1));
      Params params = Fixtures.params(2, 3);
      Dp2.State s0 = dp2.init(params);
      Dp2.State s1 = dp2.update(Fixtures.randomGrads(1, 2, 3, SCALES, rng.derive("a" + trial)), s0, params).state();
      PerExampleGradients one = Fixtures.randomGrads(1, 2, 3, SCALES, rng.derive("b" + trial));
      Params update = dp2.update(one, s1, params).updates();
      double norm = Fixtures.norm(update) / lr2;
      assertTrue(norm <= c2 * (1 + 1e-6), "trial " + trial + ": norm " + norm + " > C2 " + c2);
      // The preconditioned gradient is far above C2 here (coordinates of size ~1 after dividing by
      // √A ≈ |g_prev|), so the bound is reached, not just respected.
      assertEquals(c2, norm, 1e-4 * c2);
    }
  }

  @Test
  void rejectsBadConfigurationsWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dp2.Config(Dp2.Variant.RMSPROP, 0, 1, 1, 1, 1, 0.9, 1e-5, 1, 64));
    assertTrue(e.getMessage().contains("delay s must be >= 1, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dp2.Config(Dp2.Variant.RMSPROP, 3, 1, -2, 1, 1, 0.9, 1e-5, 1, 64));
    assertTrue(e.getMessage().contains("clip norm must be positive, got -2.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dp2.Config(Dp2.Variant.RMSPROP, 3, 1, 1, 1, 1, 1.0, 1e-5, 1, 64));
    assertTrue(e.getMessage().contains("decay γ must be in [0, 1), got 1.0"), e.getMessage());
  }

  private static double[][] scale(double[][] a, double f) {
    double[][] out = new double[a.length][];
    for (int k = 0; k < a.length; k++) {
      out[k] = new double[a[k].length];
      for (int j = 0; j < a[k].length; j++) {
        out[k][j] = a[k][j] * f;
      }
    }
    return out;
  }

  private static double[][] sum(List<double[][]> list) {
    double[][] out = zerosLike(list.get(0));
    for (double[][] a : list) {
      for (int k = 0; k < a.length; k++) {
        for (int j = 0; j < a[k].length; j++) {
          out[k][j] += a[k][j];
        }
      }
    }
    return out;
  }

  private static double[][] zerosLike(double[][] a) {
    double[][] out = new double[a.length][];
    for (int k = 0; k < a.length; k++) {
      out[k] = new double[a[k].length];
    }
    return out;
  }
}
