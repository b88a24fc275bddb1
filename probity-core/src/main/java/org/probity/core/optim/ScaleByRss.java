package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * AdaGrad's rescaling (Duchi, Hazan and Singer, JMLR 2011), as Optax's {@code scale_by_rss}: the
 * running sum of squared updates starts at {@code initialAccumulatorValue}, and the output is
 * {@code g / sqrt(sum + eps)}, or 0 where the sum is still 0.
 */
public final class ScaleByRss implements GradientTransform<ScaleByRss.State> {
  private static final String OP = "scaleByRss";

  /** The running sum of squared updates. */
  public record State(Params sumOfSquares) {}

  private final double initialAccumulatorValue;
  private final double eps;

  ScaleByRss(double initialAccumulatorValue, double eps) {
    this.initialAccumulatorValue = Checks.nonNegative(OP, "initialAccumulatorValue", initialAccumulatorValue);
    this.eps = Checks.positive(OP, "eps", eps);
  }

  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  public double eps() {
    return eps;
  }

  @Override
  public State init(Params params) {
    return new State(ParamArrays.fullLike(params, (float) initialAccumulatorValue));
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    Checks.notNull(OP, "updates", updates);
    Checks.notNull(OP, "state", state);
    ParamArrays.sameLayout(OP, updates, state.sumOfSquares(), "state.sumOfSquares");
    float[][] g = ParamArrays.arrays(updates);
    float[][] ss = ParamArrays.arrays(state.sumOfSquares());
    float[][] newSs = ParamArrays.newArrays(updates);
    float[][] out = ParamArrays.newArrays(updates);
    for (int k = 0; k < g.length; k++) {
      float[] gk = g[k];
      float[] s = ss[k];
      float[] ns = newSs[k];
      float[] o = out[k];
      for (int i = 0; i < gk.length; i++) {
        double gi = gk[i];
        double si = s[i] + gi * gi;
        ns[i] = (float) si;
        o[i] = si > 0 ? (float) (gi / Math.sqrt(si + eps)) : 0f;
      }
    }
    return new Update<>(ParamArrays.wrapLike(updates, out), new State(ParamArrays.wrapLike(updates, newSs)));
  }
}
