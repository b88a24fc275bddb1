package org.probity.federated;

import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Update;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Yogi's rescaling (Zaheer, Reddi, Sachan, Kale, Kumar, NeurIPS 2018), as Optax's
 * {@code scale_by_yogi}: like Adam, but the second moment moves additively,
 * ν ← ν − (1 − b2) · sign(ν − g²) · g², so it cannot grow as fast when gradients are sparse or
 * noisy — the reason FedYogi (Reddi et al. 2021) uses it on the server. Both moments start at
 * {@code initialAccumulator} and are bias-corrected; output m̂ / (sqrt(ν̂) + eps). Lives here rather
 * than in core until something besides FedYogi needs it.
 */
public final class ScaleByYogi implements GradientTransform<ScaleByYogi.State> {
  /** Step count and the two uncorrected moments, as flat vectors. */
  public record State(int count, float[] mu, float[] nu) {}

  private final double b1;
  private final double b2;
  private final double eps;
  private final double initialAccumulator;

  public ScaleByYogi(double b1, double b2, double eps, double initialAccumulator) {
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1) || !(eps > 0) || !(initialAccumulator >= 0)) {
      throw new IllegalArgumentException("scaleByYogi: need b1, b2 in [0, 1), eps > 0, initial accumulator >= 0; got "
          + b1 + ", " + b2 + ", " + eps + ", " + initialAccumulator);
    }
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
    this.initialAccumulator = initialAccumulator;
  }

  @Override
  public State init(Params params) {
    float[] mu = new float[params.count()];
    float[] nu = new float[params.count()];
    java.util.Arrays.fill(mu, (float) initialAccumulator);
    java.util.Arrays.fill(nu, (float) initialAccumulator);
    return new State(0, mu, nu);
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    float[] g = updates.flatten().data();
    if (g.length != state.mu().length) {
      throw new IllegalArgumentException("scaleByYogi: " + g.length + " updates for a state of " + state.mu().length);
    }
    int count = state.count() + 1;
    double c1 = 1 - Math.pow(b1, count);
    double c2 = 1 - Math.pow(b2, count);
    float[] mu = new float[g.length];
    float[] nu = new float[g.length];
    float[] out = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      double gi = g[i];
      double g2 = gi * gi;
      double v = state.nu()[i];
      double m = b1 * state.mu()[i] + (1 - b1) * gi;
      v = v - (1 - b2) * Math.signum(v - g2) * g2;
      mu[i] = (float) m;
      nu[i] = (float) v;
      out[i] = (float) ((m / c1) / (Math.sqrt(v / c2) + eps));
    }
    return new Update<>(updates.unflatten(Tensor.wrap(out, Shape.of(out.length))), new State(count, mu, nu));
  }
}
