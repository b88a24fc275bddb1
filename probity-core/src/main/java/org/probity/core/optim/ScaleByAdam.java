package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * Adam's rescaling (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), as
 * Optax's {@code scale_by_adam}: exponential moving averages of the gradient (mu, rate b1) and of
 * its square (nu, rate b2), each bias-corrected by {@code 1 − b^count}, and the output
 * {@code mû / (sqrt(nû + epsRoot) + eps)}. The step size is left to a later learning-rate link, so
 * the first output is {@code g / (|g| + eps)} elementwise.
 */
public final class ScaleByAdam implements GradientTransform<ScaleByAdam.State> {
  private static final String OP = "scaleByAdam";

  /** Step count (updates taken) and the two uncorrected moments. */
  public record State(int count, Params mu, Params nu) {}

  private final double b1;
  private final double b2;
  private final double eps;
  private final double epsRoot;

  ScaleByAdam(double b1, double b2, double eps, double epsRoot) {
    this.b1 = Checks.unitInterval(OP, "b1", b1);
    this.b2 = Checks.unitInterval(OP, "b2", b2);
    this.eps = Checks.positive(OP, "eps", eps);
    this.epsRoot = Checks.nonNegative(OP, "epsRoot", epsRoot);
  }

  public double b1() {
    return b1;
  }

  public double b2() {
    return b2;
  }

  public double eps() {
    return eps;
  }

  public double epsRoot() {
    return epsRoot;
  }

  @Override
  public State init(Params params) {
    return new State(0, ParamArrays.zerosLike(params), ParamArrays.zerosLike(params));
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    Checks.notNull(OP, "updates", updates);
    Checks.notNull(OP, "state", state);
    ParamArrays.sameLayout(OP, updates, state.mu(), "state.mu");
    ParamArrays.sameLayout(OP, updates, state.nu(), "state.nu");
    int count = state.count() == Integer.MAX_VALUE ? state.count() : state.count() + 1;
    double c1 = 1 - Math.pow(b1, count);
    double c2 = 1 - Math.pow(b2, count);
    float[][] g = ParamArrays.arrays(updates);
    float[][] mu = ParamArrays.arrays(state.mu());
    float[][] nu = ParamArrays.arrays(state.nu());
    float[][] newMu = ParamArrays.newArrays(updates);
    float[][] newNu = ParamArrays.newArrays(updates);
    float[][] out = ParamArrays.newArrays(updates);
    for (int k = 0; k < g.length; k++) {
      float[] gk = g[k];
      float[] m = mu[k];
      float[] v = nu[k];
      float[] nm = newMu[k];
      float[] nv = newNu[k];
      float[] o = out[k];
      for (int i = 0; i < gk.length; i++) {
        double gi = gk[i];
        double mi = b1 * m[i] + (1 - b1) * gi;
        double vi = b2 * v[i] + (1 - b2) * gi * gi;
        nm[i] = (float) mi;
        nv[i] = (float) vi;
        o[i] = (float) ((mi / c1) / (Math.sqrt(vi / c2 + epsRoot) + eps));
      }
    }
    return new Update<>(ParamArrays.wrapLike(updates, out),
        new State(count, ParamArrays.wrapLike(updates, newMu), ParamArrays.wrapLike(updates, newNu)));
  }
}
