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
    s.accumulate(layer, activations, backprops, pe);
  }
}
