package org.probity.tensor.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Multi-head causal self-attention (Vaswani et al. 2017, "Attention is all you need", with the
 * decoder's causal mask as in GPT-2): [B, T, d] to [B, T, d]. One {@link Linear} projects each
 * position to queries, keys and values at once (d to 3d, as GPT-2's {@code c_attn}), each head
 * attends with softmax(q·kᵀ/√(d/h) + mask)·v, where the mask lets position t see only positions
 * s ≤ t, and a second Linear projects the concatenated heads back to d. The layer composes tensor
 * ops, so autograd needs no rule of its own, and per-example gradients of all four parameters come
 * from {@link LinearGradSampler}.
 *
 * <p>The mask adds −1e9 rather than −∞ above the diagonal: after the softmax subtracts the row
 * maximum, those scores exponentiate to exactly zero, and no infinity or NaN can reach the
 * gradient. The diagonal is never masked, so every row has a finite maximum.
 */
public final class CausalSelfAttention implements Module {
  private static final float MASKED = -1e9f;

  private final int dModel;
  private final int numHeads;
  private final int headDim;
  private final Linear qkv;
  private final Linear proj;

  public CausalSelfAttention(int dModel, int numHeads, Rng rng) {
    if (dModel <= 0 || numHeads <= 0 || dModel % numHeads != 0) {
      throw new IllegalArgumentException("CausalSelfAttention: dModel (" + dModel + ") must be a positive multiple"
          + " of numHeads (" + numHeads + ")");
    }
    this.dModel = dModel;
    this.numHeads = numHeads;
    this.headDim = dModel / numHeads;
    this.qkv = new Linear(dModel, 3 * dModel, rng);
    this.proj = new Linear(dModel, dModel, rng);
  }

  public int dModel() {
    return dModel;
  }

  public int numHeads() {
    return numHeads;
  }

  /** The joint query/key/value projection, d to 3d (queries first, then keys, then values). */
  public Linear qkv() {
    return qkv;
  }

  /** The output projection, d to d. */
  public Linear proj() {
    return proj;
  }

  @Override
  public Params params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    qkv.params().byName().forEach((name, t) -> m.put("qkv." + name, t));
    proj.params().byName().forEach((name, t) -> m.put("proj." + name, t));
    return Params.of(m);
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    if (s.rank() != 3 || s.dim(2) != dModel) {
      throw new IllegalArgumentException(this + ": expected input [B, T, " + dModel + "], got " + s);
    }
    int b = s.dim(0);
    int t = s.dim(1);
    // [B, T, 3d] -> [3, B, H, T, hd]: one copy separates q, k and v and puts heads before time.
    Tensor heads = qkv.forward(x).reshape(b, t, 3, numHeads, headDim).permute(2, 0, 3, 1, 4);
    Tensor q = heads.slice(0, 0, 1).reshape(b, numHeads, t, headDim).mul((float) (1.0 / Math.sqrt(headDim)));
    Tensor k = heads.slice(0, 1, 2).reshape(b, numHeads, t, headDim);
    Tensor v = heads.slice(0, 2, 3).reshape(b, numHeads, t, headDim);
    Tensor attention = q.matmul(k, false, true).add(causalMask(t)).softmax(-1);
    Tensor mixed = attention.matmul(v).permute(0, 2, 1, 3).reshape(b, t, dModel);
    return proj.forward(mixed);
  }

  /** [T, T]: 0 where s ≤ t, {@link #MASKED} where s > t; broadcasts over batch and heads. */
  static Tensor causalMask(int t) {
    float[] m = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = MASKED;
      }
    }
    return Tensor.wrap(m, Shape.of(t, t));
  }

  @Override
  public String toString() {
    return "CausalSelfAttention(d=" + dModel + ", heads=" + numHeads + ")";
  }
}
