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
 */
public final class PerExample {
  /** What the layers should produce. */
  public enum Mode {
    /** Full per-example gradients, shape [batch, ...parameter shape]. */
    GRADIENTS,
    /** Only the per-example squared norms, summed over parameters: shape [batch]. */
    NORMS
  }

  private final Mode mode;
  private final Map<Tensor, Tensor> gradients = new LinkedHashMap<>();
  private final Map<Tensor, Boolean> normed = new IdentityHashMap<>();
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
    if (mode == Mode.NORMS) {
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
