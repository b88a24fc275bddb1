package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.probity.tensor.PerExample;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * One batch's per-example gradients, materialised: for each named parameter a tensor of shape
 * [batch, ...parameter shape] whose row i is ∇ℓ_i. Preconditioned private optimisers — DP² (Li,
 * Zaheer, Reddi, Smith, ICLR 2023) and AdaDPS (Li, Zaheer, Liu, Reddi, McMahan, Smith, ICML 2022) —
 * rescale each CLEAN example gradient coordinate-wise before clipping, so unlike plain DP-SGD they
 * cannot work from per-example norms alone and need the gradients themselves. {@link #compute}
 * takes them from the tensor engine's grad samplers ({@link PerExample#forGradients()}) in one
 * backward pass of the summed loss, which works for any model built of layers that have a grad
 * sampler (Linear, Conv2d, Embedding, LayerNorm).
 *
 * @param byName per-example gradients by parameter name, in the parameters' order
 * @param batchSize the number of examples (0 for an empty Poisson batch)
 */
public record PerExampleGradients(Params byName, int batchSize) {
  public PerExampleGradients {
    if (byName == null) {
      throw new IllegalArgumentException("per-example gradients: byName is null");
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("per-example gradients: batch size must be >= 0, got " + batchSize);
    }
    for (Map.Entry<String, Tensor> e : byName.byName().entrySet()) {
      Shape s = e.getValue().shape();
      if (s.rank() < 1 || s.dim(0) != batchSize) {
        throw new IllegalArgumentException("per-example gradients: '" + e.getKey() + "' has shape " + s
            + " but the batch has " + batchSize + " examples (leading dimension)");
      }
    }
  }

  /**
   * Runs {@code perExampleLoss} (which must return the [B] vector of per-example losses of the model
   * owning {@code params}) on a tape that collects per-example gradients, back-propagates their SUM
   * (so row i is ∇ℓ_i, not ∇ℓ_i / B) and returns the gradients by parameter name. The ordinary
   * accumulated gradients the same backward pass leaves on the parameters are cleared again, so a
   * private step never leaks the clean batch gradient into a later step.
   */
  public static PerExampleGradients compute(Params params, Supplier<Tensor> perExampleLoss) {
    PerExample collector = PerExample.forGradients();
    Tensor loss;
    try (Tape tape = Tape.start(collector)) {
      loss = perExampleLoss.get();
      if (loss.rank() != 1) {
        throw new IllegalArgumentException("per-example gradients: the loss must be a [batch] vector of"
            + " per-example losses, got shape " + loss.shape());
      }
      tape.backward(loss.sum());
    } finally {
      params.zeroGrad();
    }
    return of(params, collector, loss.dim(0));
  }

  /** Names the gradients a collector gathered for {@code params}' tensors (matched by identity). */
  public static PerExampleGradients of(Params params, PerExample collected, int batchSize) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : params.byName().entrySet()) {
      Tensor g = collected.gradient(e.getValue());
      if (g == null) {
        throw new IllegalArgumentException("per-example gradients: none were collected for parameter '"
            + e.getKey() + "' of shape " + e.getValue().shape() + "; does every layer that uses it have a grad"
            + " sampler, and does it require gradients?");
      }
      out.put(e.getKey(), g);
    }
    return new PerExampleGradients(new Params(out), batchSize);
  }

  /** The per-example gradients of an empty batch (a Poisson draw can select no example). */
  public static PerExampleGradients empty(Params params) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : params.byName().entrySet()) {
      Shape s = e.getValue().shape();
      int[] dims = new int[s.rank() + 1];
      for (int k = 0; k < s.rank(); k++) {
        dims[k + 1] = s.dim(k);
      }
      out.put(e.getKey(), Tensor.wrap(new float[0], Shape.of(dims)));
    }
    return new PerExampleGradients(new Params(out), 0);
  }

  /** The plain (non-private) mean gradient over the batch, by parameter name: what SGD would use. */
  public Params mean() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : byName.byName().entrySet()) {
      Tensor g = e.getValue();
      int per = batchSize == 0 ? 0 : g.size() / batchSize;
      Shape s = g.shape();
      int[] dims = new int[s.rank() - 1];
      int count = 1;
      for (int k = 1; k < s.rank(); k++) {
        dims[k - 1] = s.dim(k);
        count *= s.dim(k);
      }
      double[] acc = new double[count];
      float[] d = g.data();
      for (int i = 0; i < batchSize; i++) {
        int off = i * per;
        for (int j = 0; j < per; j++) {
          acc[j] += d[off + j];
        }
      }
      float[] m = new float[count];
      for (int j = 0; j < count; j++) {
        m[j] = batchSize == 0 ? 0f : (float) (acc[j] / batchSize);
      }
      out.put(e.getKey(), Tensor.wrap(m, Shape.of(dims)));
    }
    return new Params(out);
  }
}
