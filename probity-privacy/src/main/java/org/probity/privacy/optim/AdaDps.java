package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * AdaDPS — private adaptive optimisation with side information (Li, Zaheer, Liu, Reddi, McMahan,
 * Smith, "Private Adaptive Optimization with Side Information", ICML 2022; official code
 * {@code litian96/AdaDPS}). Non-sensitive side information A — known per-coordinate scales, or
 * √(mean g_pub² + ε) estimated on a small public split — preconditions every CLEAN example gradient
 * before clipping: ĝ_i = g_i / (A + offset), then clip to C, sum, add N(0, σ²C²), divide by the
 * expected batch size, and hand the result to an ordinary optimiser (SGD, optionally with
 * momentum, in the paper). Why before clipping: the clip bound and the isotropic noise then act on
 * coordinates of comparable scale, so the small-gradient coordinates that matter are not starved
 * by a bound sized for the large ones. A does not depend on the private data, so each step is one
 * subsampled-Gaussian release and accounting equals DP-SGD's. The toy code divides by A + 1e-3;
 * the IMDB code by √(v + ε) with v the public second moment (offset 0).
 */
public final class AdaDps implements PrivateOptimizer<AdaDps.State> {
  /** Steps taken, the side information in force, and the wrapped optimiser's state. */
  public record State(long step, Params sideInformation, Object inner) {}

  private final Privatizer release;
  private final Params initialSide;
  private final double offset;
  private final GradientTransform<Object> then;
  private final Rng noise;

  /**
   * @param sideInformation A, shaped like the parameters, or null for A = 1 (plain DP-SGD until
   *     {@link #withSideInformation} installs an estimate)
   * @param offset added to A before dividing (>= 0; the toy's 1e-3)
   */
  @SuppressWarnings("unchecked")
  public AdaDps(Privatizer release, Params sideInformation, double offset, GradientTransform<?> then, Rng noise) {
    if (release == null || then == null || noise == null) {
      throw new IllegalArgumentException("adaDps: release, optimiser and noise stream must not be null");
    }
    if (!(offset >= 0) || Double.isInfinite(offset)) {
      throw new IllegalArgumentException("adaDps: offset must be finite and >= 0, got " + offset);
    }
    this.release = release;
    this.offset = offset;
    this.initialSide = sideInformation == null ? null : checked(sideInformation, offset);
    this.then = (GradientTransform<Object>) then;
    this.noise = noise;
  }

  /** AdaDPS with plain SGD: w ← w − lr · g̃. */
  public static AdaDps sgd(Privatizer release, Params sideInformation, double offset, double lr, Rng noise) {
    return new AdaDps(release, sideInformation, offset, Optimizers.sgd(lr), noise);
  }

  @Override
  public double noiseMultiplier() {
    return release.noiseMultiplier();
  }

  @Override
  public State init(Params params) {
    Params a = initialSide == null ? ParamMath.full(params, 1f) : initialSide;
    ParamMath.sameLayout("adaDps", "side information", params, a);
    return new State(0, a, then.init(params));
  }

  /** The same state with new side information (the public estimate is refreshed every epoch). */
  public State withSideInformation(State state, Params a) {
    ParamMath.sameLayout("adaDps", "side information", state.sideInformation(), a);
    return new State(state.step(), checked(a, offset), state.inner());
  }

  @Override
  public Update<State> update(PerExampleGradients grads, State state, Params params) {
    if (grads == null || state == null) {
      throw new IllegalArgumentException("adaDps: gradients and state must not be null");
    }
    Params divisor = offset == 0 ? state.sideInformation() : ParamMath.plus(state.sideInformation(), offset);
    Params g = release.privatize(grads, divisor, noise, state.step());
    Update<Object> u = then.update(g, state.inner(), params);
    return new Update<>(u.updates(), new State(state.step() + 1, state.sideInformation(), u.state()));
  }

  /**
   * The public-data side information of the official IMDB code ({@code estimate_preconditioner}):
   * A = √(mean over public batches of g_pub² + eps), where each g_pub is the MEAN gradient of one
   * public batch (not per-example gradients).
   */
  public static Params fromPublicGradients(List<Params> publicBatchGradients, double eps) {
    if (publicBatchGradients == null || publicBatchGradients.isEmpty()) {
      throw new IllegalArgumentException("adaDps: need at least one public batch gradient");
    }
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("adaDps: eps must be positive and finite, got " + eps);
    }
    Params first = publicBatchGradients.get(0);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : first.byName().entrySet()) {
      double[] acc = new double[e.getValue().size()];
      for (Params p : publicBatchGradients) {
        float[] g = ParamMath.same("adaDps.fromPublicGradients", e.getKey(), e.getValue(), p).data();
        for (int j = 0; j < acc.length; j++) {
          acc[j] += (double) g[j] * g[j];
        }
      }
      float[] a = new float[acc.length];
      for (int j = 0; j < a.length; j++) {
        a[j] = (float) Math.sqrt(acc[j] / publicBatchGradients.size() + eps);
      }
      out.put(e.getKey(), Tensor.wrap(a, e.getValue().shape()));
    }
    return new Params(out);
  }

  private static Params checked(Params a, double offset) {
    for (Map.Entry<String, Tensor> e : a.byName().entrySet()) {
      float[] d = e.getValue().data();
      for (int j = 0; j < d.length; j++) {
        if (!(d[j] + offset > 0) || Float.isInfinite(d[j])) {
          throw new IllegalArgumentException("adaDps: side information '" + e.getKey() + "' has " + d[j]
              + " at flat position " + j + "; A + offset (" + offset + ") must be positive and finite");
        }
      }
    }
    return a;
  }
}
