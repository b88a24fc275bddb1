package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/** The DP-RMSProp baseline against the official {@code dp_rmsprop.py} update, computed by hand. */
class PrivatizeThenTest {
  @Test
  void dpRmsPropUpdatesItsPreconditionerFromTheNoisyGradientEveryStep() {
    double c = 1.0;
    double sigma = 1.0;
    double lr = 0.03;
    double gamma = 0.9;
    double eps = 1e-3;
    Rng noise = new Rng(17);
    PrivatizeThen opt = PrivatizeThen.dpRmsProp(new Privatizer(c, sigma, 6), lr, gamma, eps, noise);
    Params params = Fixtures.params(2, 3);
    PrivatizeThen.State s = opt.init(params);
    double[][] v = null;
    Rng data = new Rng(2);
    for (int t = 0; t < 4; t++) {
      PerExampleGradients g = Fixtures.randomGrads(6, 2, 3, new double[] {5, 0.2, 1}, data.derive(t));
      double[][] gt = NaiveRelease.release(g, null, c, sigma, 6, noise, t);
      if (v == null) {
        v = new double[gt.length][];
        for (int k = 0; k < gt.length; k++) {
          v[k] = new double[gt[k].length];
        }
      }
      double[][] want = new double[gt.length][];
      for (int k = 0; k < gt.length; k++) {
        want[k] = new double[gt[k].length];
        for (int j = 0; j < gt[k].length; j++) {
          v[k][j] = gamma * v[k][j] + (1 - gamma) * gt[k][j] * gt[k][j];
          want[k][j] = -lr * gt[k][j] / (Math.sqrt(v[k][j]) + eps);
        }
      }
      Update<PrivatizeThen.State> u = opt.update(g, s, params);
      NaiveRelease.assertClose(want, u.updates(), 1e-4, "DP-RMSProp update at step " + t);
      s = u.state();
    }
    assertEquals(4, s.step());
  }
}
