package org.probity.tensor.nn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.tensor.PerExample;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * The registry of {@link GradSampler}s keyed by layer class. Layers call {@link #collect} from
 * their backward rule; it does nothing unless the running tape asked for per-example gradients.
 */
public final class GradSamplers {
  private static final Map<Class<?>, GradSampler<?>> BY_LAYER = new ConcurrentHashMap<>();

  private GradSamplers() {}

  public static <M extends Module> void register(Class<M> layer, GradSampler<M> sampler) {
    BY_LAYER.put(layer, sampler);
  }

  /** True when the current (backward-running) tape collects per-example gradients. */
  public static boolean active() {
    Tape t = Tape.current();
    return t != null && t.perExample() != null;
  }

  /**
   * True when the running tape collects {@link PerExample.Mode#WEIGHTED} sums and {@code layer}'s
   * sampler forms them itself: the layer should then skip its ordinary parameter gradients, which
   * would be thrown away (this is what makes DP-SGD's clipping cost one backward pass).
   */
  public static boolean defersParameterGradients(Module layer) {
    Tape t = Tape.current();
    PerExample pe = t == null ? null : t.perExample();
    if (pe == null || pe.mode() != PerExample.Mode.WEIGHTED) {
      return false;
    }
    GradSampler<?> s = BY_LAYER.get(layer.getClass());
    return s != null && s.defersParameterGradients();
  }

  /** Hands the layer's activations and backprops to its sampler when per-example gradients are on. */
  @SuppressWarnings("unchecked")
  public static <M extends Module> void collect(M layer, Tensor activations, Tensor backprops) {
    Tape t = Tape.current();
    PerExample pe = t == null ? null : t.perExample();
    if (pe == null) {
      return;
    }
    GradSampler<M> s = (GradSampler<M>) BY_LAYER.get(layer.getClass());
    if (s == null) {
      throw new IllegalStateException("per-example gradients are not supported for " + layer.getClass().getSimpleName());
    }
    if (pe.mode() == PerExample.Mode.WEIGHTED && !s.defersParameterGradients()) {
      // The sampler knows only gradients and norms: materialise, and let the collector keep them for the sums.
      PerExample materialised = PerExample.forGradients();
      s.accumulate(layer, activations, backprops, materialised);
      for (Map.Entry<Tensor, Tensor> e : materialised.gradientsByParam().entrySet()) {
        pe.addGradient(e.getKey(), e.getValue());
      }
      return;
    }
    s.accumulate(layer, activations, backprops, pe);
  }
}
