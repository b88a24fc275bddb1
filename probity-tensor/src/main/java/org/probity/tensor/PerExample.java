package org.probity.tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects per-example gradients, or only their squared L2 norms, during an ordinary backward pass.
 * Differential privacy clips each example's gradient, so it needs these; computing them from the
 * activations and backprops each layer already has (the Opacus grad-sampler approach, Yousefpour et
 * al. 2021) avoids a loop over examples. Pass one to {@link Tape#start(PerExample)}.
 *
 * <p>In {@link Mode#NORMS} mode a parameter's contributions are summed as squared norms, which is
 * exact only when each parameter is used once per forward pass; a second contribution for the same
 * parameter is therefore rejected. Use {@link Mode#GRADIENTS} for weight sharing.
 *
 * <p>{@link Mode#WEIGHTED} serves DP-SGD's clipped sum Σ_i w_i·∇ℓ_i, whose weights
 * w_i = min(1, C/‖∇ℓ_i‖) are known only once the norms are: layers that can (Linear) keep their
 * activations and backprops, skip their ordinary parameter gradient, and afterwards form the
 * weighted sum with one GEMM on reweighted backprops ("book-keeping", Bu et al. 2023), so clipping
 * costs one backward pass rather than two; other layers hand over materialised per-example
 * gradients. {@link #assignWeightedGradients} then writes the weighted sums as the gradients.
 */
public final class PerExample {
  /** What the layers should produce. */
  public enum Mode {
    /** Full per-example gradients, shape [batch, ...parameter shape]. */
    GRADIENTS,
    /** Only the per-example squared norms, summed over parameters: shape [batch]. */
    NORMS,
    /**
     * Per-example squared norms during the backward pass, then any per-example-weighted sum of the
     * gradients ({@link #assignWeightedGradients}); as in NORMS, a parameter may contribute once.
     */
    WEIGHTED
  }

  /**
   * Σ_i weights[i]·(example i's gradient of one parameter), in the parameter's shape, formed from
   * what a layer kept during the backward pass (its activations and backprops).
   */
  @FunctionalInterface
  public interface WeightedGradient {
    Tensor apply(float[] weights);
  }

  private final Mode mode;
  private final Map<Tensor, Tensor> gradients = new LinkedHashMap<>();
  private final Map<Tensor, Boolean> normed = new IdentityHashMap<>();
  private final Map<Tensor, WeightedGradient> deferred = new IdentityHashMap<>();
  private final Map<Tensor, Tensor> materialised = new IdentityHashMap<>();
  private double[] squaredNorms;

  private PerExample(Mode mode) {
    this.mode = mode;
  }

  public static PerExample forGradients() {
    return new PerExample(Mode.GRADIENTS);
  }

  public static PerExample forNorms() {
    return new PerExample(Mode.NORMS);
  }

  /** Norms now and per-example-weighted gradient sums afterwards (DP-SGD's clipped sum). */
  public static PerExample forWeightedSum() {
    return new PerExample(Mode.WEIGHTED);
  }

  public Mode mode() {
    return mode;
  }

  /** Batch size seen so far, or -1 before any contribution. */
  public int batchSize() {
    if (squaredNorms != null) {
      return squaredNorms.length;
    }
    for (Tensor g : gradients.values()) {
      return g.shape().dim(0);
    }
    return -1;
  }

  /**
   * Adds a per-example gradient of {@code param}, shape [batch, ...param.shape()]. Contributions to
   * the same parameter (weight sharing) are summed.
   */
  public synchronized void addGradient(Tensor param, Tensor perExampleGrad) {
    Shape ps = param.shape();
    Shape gs = perExampleGrad.shape();
    if (gs.rank() != ps.rank() + 1 || gs.size() != gs.dim(0) * ps.size()) {
      throw new IllegalArgumentException("per-example gradient of shape " + gs + " does not match parameter shape "
          + ps + " with a leading batch dimension");
    }
    if (mode == Mode.WEIGHTED) {
      // Kept for the weighted sum; its norms count now, so a second contribution is refused there.
      int b = gs.dim(0);
      addSquaredNorms(param, rowSquares(perExampleGrad.data(), b, gs.size() / Math.max(b, 1)));
      materialised.put(param, perExampleGrad);
      return;
    }
    checkBatch(gs.dim(0));
    Tensor prev = findGradient(param);
    if (prev == null) {
      gradients.put(param, perExampleGrad);
    } else {
      gradients.put(param, Tensor.sumOf(prev, perExampleGrad));
    }
  }

  /** Adds per-example squared norms of {@code param}'s gradient (length = batch). */
  public synchronized void addSquaredNorms(Tensor param, float[] perExampleSquaredNorms) {
    if (mode == Mode.GRADIENTS) {
      throw new IllegalStateException("this collector wants full gradients; call addGradient");
    }
    if (normed.put(param, Boolean.TRUE) != null) {
      throw new IllegalStateException("parameter of shape " + param.shape() + " contributed twice to per-example"
          + " norms (weight sharing); use PerExample.forGradients() instead");
    }
    checkBatch(perExampleSquaredNorms.length);
    if (squaredNorms == null) {
      squaredNorms = new double[perExampleSquaredNorms.length];
    }
    for (int i = 0; i < perExampleSquaredNorms.length; i++) {
      squaredNorms[i] += perExampleSquaredNorms[i];
    }
  }

  /**
   * Registers how to form {@code param}'s weighted gradient sum later ({@link Mode#WEIGHTED} only);
   * the layer must also add the parameter's squared norms and must not have produced its ordinary
   * gradient.
   */
  public synchronized void addDeferred(Tensor param, WeightedGradient weightedGradient) {
    if (mode != Mode.WEIGHTED) {
      throw new IllegalStateException("addDeferred: this collector is in " + mode + " mode, not WEIGHTED");
    }
    if (deferred.put(param, weightedGradient) != null) {
      throw new IllegalStateException("parameter of shape " + param.shape() + " deferred its gradient twice"
          + " (weight sharing); use PerExample.forGradients() instead");
    }
  }

  /** Whether {@code param} contributed per-example gradients or norms to this collector. */
  public boolean covers(Tensor param) {
    return normed.containsKey(param) || findGradient(param) != null;
  }

  /**
   * Sets the gradient of every parameter that contributed to Σ_i weights[i]·(example i's
   * gradient), replacing what the ordinary backward pass accumulated there (GRADIENTS or WEIGHTED
   * mode). With all weights 1 this is the ordinary gradient of the summed loss.
   */
  public void assignWeightedGradients(float[] weights) {
    int b = batchSize();
    if (mode == Mode.NORMS) {
      throw new IllegalStateException("assignWeightedGradients: a NORMS collector keeps no gradients; use"
          + " PerExample.forWeightedSum()");
    }
    if (b >= 0 && weights.length != b) {
      throw new IllegalArgumentException("assignWeightedGradients: " + weights.length + " weights for a batch of " + b);
    }
    Map<Tensor, Tensor> kept = mode == Mode.GRADIENTS ? gradients : materialised;
    for (Map.Entry<Tensor, Tensor> e : kept.entrySet()) {
      assign(e.getKey(), weightedSum(e.getValue(), weights));
    }
    for (Map.Entry<Tensor, WeightedGradient> e : deferred.entrySet()) {
      if (e.getKey().grad() != null) {
        // Its layer skipped the ordinary gradient, so this came from another use the sampler never saw.
        throw new IllegalStateException("parameter of shape " + e.getKey().shape() + " received a gradient outside"
            + " the layer that collects its per-example gradients; per-example gradients cannot cover that use");
      }
    }
    for (Map.Entry<Tensor, WeightedGradient> e : deferred.entrySet()) {
      Tensor g = e.getValue().apply(weights);
      if (!g.shape().equals(e.getKey().shape())) {
        throw new IllegalStateException("weighted gradient of shape " + g.shape() + " for a parameter of shape "
            + e.getKey().shape());
      }
      assign(e.getKey(), g);
    }
  }

  private static void assign(Tensor param, Tensor grad) {
    param.zeroGrad();
    param.accumulateGrad(grad);
  }

  /** Σ_i w_i·g[i] over the leading axis of a [B, ...] tensor. */
  private static Tensor weightedSum(Tensor perExample, float[] w) {
    int b = w.length;
    int per = perExample.size() / Math.max(b, 1);
    float[] d = perExample.data();
    float[] out = new float[per];
    for (int i = 0; i < b; i++) {
      float wi = w[i];
      if (wi == 0) {
        continue;
      }
      for (int j = 0, k = i * per; j < per; j++, k++) {
        out[j] += wi * d[k];
      }
    }
    Shape s = perExample.shape();
    int[] dims = new int[s.rank() - 1];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = s.dim(i + 1);
    }
    return Tensor.wrap(out, Shape.of(dims));
  }

  private static float[] rowSquares(float[] d, int b, int per) {
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int k = i * per, end = k + per; k < end; k++) {
        s += (double) d[k] * d[k];
      }
      n[i] = (float) s;
    }
    return n;
  }

  private void checkBatch(int b) {
    int seen = batchSize();
    if (seen >= 0 && seen != b) {
      throw new IllegalArgumentException("per-example contributions disagree on the batch size: " + seen + " vs " + b);
    }
  }

  private Tensor findGradient(Tensor param) {
    for (Map.Entry<Tensor, Tensor> e : gradients.entrySet()) {
      if (e.getKey() == param) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The per-example gradient of {@code param}, or null when none was collected. */
  public Tensor gradient(Tensor param) {
    return findGradient(param);
  }

  /** All collected per-example gradients, by parameter, in the order first seen. */
  public Map<Tensor, Tensor> gradientsByParam() {
    return Collections.unmodifiableMap(gradients);
  }

  /** Per-example squared L2 norms of the whole gradient (all parameters), shape [batch]. */
  public Tensor squaredNorms() {
    if (mode != Mode.GRADIENTS) {
      if (squaredNorms == null) {
        throw new IllegalStateException("no per-example norms were collected: did the backward pass reach a layer"
            + " that supports per-example gradients?");
      }
      float[] out = new float[squaredNorms.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) squaredNorms[i];
      }
      return Tensor.of(out, out.length);
    }
    int b = batchSize();
    if (b < 0) {
      throw new IllegalStateException("no per-example gradients were collected");
    }
    double[] acc = new double[b];
    for (Tensor g : gradients.values()) {
      float[] d = g.data();
      int per = g.size() / b;
      for (int i = 0; i < b; i++) {
        double s = 0;
        for (int j = i * per, end = j + per; j < end; j++) {
          s += (double) d[j] * d[j];
        }
        acc[i] += s;
      }
    }
    float[] out = new float[b];
    for (int i = 0; i < b; i++) {
      out[i] = (float) acc[i];
    }
    return Tensor.of(out, b);
  }

  /** Per-example L2 norms of the whole gradient, shape [batch]. */
  public Tensor norms() {
    Tensor sq = squaredNorms();
    float[] d = sq.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) Math.sqrt(d[i]);
    }
    return sq;
  }
}
