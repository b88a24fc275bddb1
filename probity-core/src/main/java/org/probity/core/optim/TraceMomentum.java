package org.probity.core.optim;

import org.probity.tensor.nn.Params;

/**
 * Heavy-ball momentum (Polyak 1964), optionally in Nesterov's form (Sutskever et al., ICML 2013),
 * as Optax's {@code trace}: {@code trace ← g + decay · trace}; the output is the new trace, or
 * {@code g + decay · trace} for Nesterov. No dampening, so it matches PyTorch's SGD momentum.
 */
public final class TraceMomentum implements GradientTransform<TraceMomentum.State> {
  private static final String OP = "traceMomentum";

  /** The running trace, shaped like the parameters. */
  public record State(Params trace) {}

  private final double decay;
  private final boolean nesterov;

  TraceMomentum(double decay, boolean nesterov) {
    this.decay = Checks.unitInterval(OP, "decay", decay);
    this.nesterov = nesterov;
  }

  public double decay() {
    return decay;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  public State init(Params params) {
    return new State(ParamArrays.zerosLike(params));
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    Checks.notNull(OP, "updates", updates);
    Checks.notNull(OP, "state", state);
    ParamArrays.sameLayout(OP, updates, state.trace(), "state.trace");
    float[][] g = ParamArrays.arrays(updates);
    float[][] tr = ParamArrays.arrays(state.trace());
    float[][] newTrace = ParamArrays.newArrays(updates);
    float[][] out = nesterov ? ParamArrays.newArrays(updates) : newTrace;
    float b = (float) decay;
    for (int k = 0; k < g.length; k++) {
      float[] gk = g[k];
      float[] t = tr[k];
      float[] nt = newTrace[k];
      float[] o = out[k];
      for (int i = 0; i < gk.length; i++) {
        float v = gk[i] + b * t[i];
        nt[i] = v;
        if (nesterov) {
          o[i] = gk[i] + b * v;
        }
      }
    }
    Params traceParams = ParamArrays.wrapLike(updates, newTrace);
    // Without Nesterov the output and the new trace are the same values; separate arrays keep the
    // state immune to anything a later link or caller does with the updates.
    Params outParams = nesterov ? ParamArrays.wrapLike(updates, out) : copy(traceParams);
    return new Update<>(outParams, new State(traceParams));
  }

  private static Params copy(Params p) {
    float[][] src = ParamArrays.arrays(p);
    float[][] dst = new float[src.length][];
    for (int k = 0; k < src.length; k++) {
      dst[k] = src[k].clone();
    }
    return ParamArrays.wrapLike(p, dst);
  }
}
