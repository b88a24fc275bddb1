package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * RMSProp's rescaling (Tieleman and Hinton, Coursera lecture 6.5, 2012), as Optax's
 * {@code scale_by_rms}: {@code nu ← decay · nu + (1 − decay) · g²} starting from
 * {@code initialScale}, output {@code g / sqrt(nu + eps)} (Optax's default, eps inside the root) or
 * {@code g / (sqrt(nu) + eps)} (PyTorch's placement) when {@code epsInSqrt} is false. No bias
 * correction, as in both libraries' defaults.
 */
public final class ScaleByRms implements GradientTransform<ScaleByRms.State> {
  private static final String OP = "scaleByRms";

  /** The moving average of squared updates. */
  public record State(Params nu) {}

  private final double decay;
  private final double eps;
  private final double initialScale;
  private final boolean epsInSqrt;

  ScaleByRms(double decay, double eps, double initialScale, boolean epsInSqrt) {
    this.decay = Checks.unitInterval(OP, "decay", decay);
    this.eps = Checks.positive(OP, "eps", eps);
    this.initialScale = Checks.nonNegative(OP, "initialScale", initialScale);
    this.epsInSqrt = epsInSqrt;
  }

  public double decay() {
    return decay;
  }

  public double eps() {
    return eps;
  }

  @Override
  public State init(Params params) {
    return new State(ParamArrays.fullLike(params, (float) initialScale));
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    Checks.notNull(OP, "updates", updates);
    Checks.notNull(OP, "state", state);
    ParamArrays.sameLayout(OP, updates, state.nu(), "state.nu");
    float[][] g = ParamArrays.arrays(updates);
    float[][] nu = ParamArrays.arrays(state.nu());
    float[][] newNu = ParamArrays.newArrays(updates);
    float[][] out = ParamArrays.newArrays(updates);
    for (int k = 0; k < g.length; k++) {
      float[] gk = g[k];
      float[] v = nu[k];
      float[] nv = newNu[k];
      float[] o = out[k];
      for (int i = 0; i < gk.length; i++) {
        double gi = gk[i];
        double vi = decay * v[i] + (1 - decay) * gi * gi;
        nv[i] = (float) vi;
        o[i] = (float) (gi / (epsInSqrt ? Math.sqrt(vi + eps) : Math.sqrt(vi) + eps));
      }
    }
    return new Update<>(ParamArrays.wrapLike(updates, out), new State(ParamArrays.wrapLike(updates, newNu)));
  }
}
