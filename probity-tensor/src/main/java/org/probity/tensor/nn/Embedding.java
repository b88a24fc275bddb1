package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code dim}: ids of shape [...] become
 * vectors of shape [..., dim]. The forward copies rows; the backward scatter-adds the output
 * gradient into the rows that were read (repeated ids accumulate), one fused op on the tape. Ids
 * arrive either as a float tensor holding integers (so they flow through the same data pipeline
 * as features) or as an {@code int[]} with a shape. The table is initialised N(0, 1) as in
 * PyTorch. With a {@link org.probity.tensor.PerExample} tape, {@link EmbeddingGradSampler} gets
 * the ids (dimension 0 is the batch) and the backprops.
 */
public final class Embedding implements Module {
  static {
    GradSamplers.register(Embedding.class, new EmbeddingGradSampler());
  }

  private final int numEmbeddings;
  private final int dim;
  private final Tensor weight;
  private final Params params;

  public Embedding(int numEmbeddings, int dim, Rng rng) {
    if (numEmbeddings <= 0 || dim <= 0) {
      throw new IllegalArgumentException("embedding: sizes must be positive, got numEmbeddings=" + numEmbeddings
          + " dim=" + dim);
    }
    this.numEmbeddings = numEmbeddings;
    this.dim = dim;
    this.weight = Init.normal(Shape.of(numEmbeddings, dim), 1.0, rng).requiresGrad(true);
    this.params = new Params(Map.of("weight", weight));
  }

  public int numEmbeddings() {
    return numEmbeddings;
  }

  public int dim() {
    return dim;
  }

  /** The table, shape [numEmbeddings, dim]. */
  public Tensor weight() {
    return weight;
  }

  @Override
  public Params params() {
    return params;
  }

  /** Looks up a float tensor of integer ids, shape [...]; returns [..., dim]. */
  @Override
  public Tensor forward(Tensor ids) {
    float[] d = ids.data();
    int[] idx = new int[d.length];
    for (int p = 0; p < d.length; p++) {
      float v = d[p];
      if (v != Math.rint(v)) {
        throw new IllegalArgumentException("embedding: id " + v + " at position " + p + " is not an integer");
      }
      idx[p] = checkId((int) v, v, p);
    }
    return lookup(idx, ids.shape(), ids);
  }

  /** Looks up {@code ids} viewed with {@code shape} (default [ids.length]); returns [...shape, dim]. */
  public Tensor forward(int[] ids, int... shape) {
    Shape s = shape.length == 0 ? Shape.of(ids.length) : Shape.of(shape);
    if (s.size() != ids.length) {
      throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fit shape " + s);
    }
    for (int p = 0; p < ids.length; p++) {
      checkId(ids[p], ids[p], p);
    }
    return lookup(ids.clone(), s, null);
  }

  private int checkId(int id, double shown, int position) {
    if (id < 0 || id >= numEmbeddings || shown != id) {
      throw new IllegalArgumentException("embedding: id " + (shown == Math.rint(shown) ? (long) shown : shown)
          + " at position " + position + " is out of range for a table of " + numEmbeddings + " rows");
    }
    return id;
  }

  private Tensor lookup(int[] idx, Shape idShape, Tensor idTensor) {
    float[] w = weight.data();
    float[] y = new float[idx.length * dim];
    for (int p = 0; p < idx.length; p++) {
      System.arraycopy(w, idx[p] * dim, y, p * dim, dim);
    }
    int[] od = new int[idShape.rank() + 1];
    for (int i = 0; i < idShape.rank(); i++) {
      od[i] = idShape.dim(i);
    }
    od[idShape.rank()] = dim;
    Tensor result = Tensor.wrap(y, Shape.of(od));
    if (!Tape.recording(weight)) {
      return result;
    }
    return Tape.record("embedding", result, g -> {
      float[] gd = g.data();
      float[] dw = new float[w.length];
      for (int p = 0; p < idx.length; p++) {
        int dst = idx[p] * dim;
        int src = p * dim;
        for (int j = 0; j < dim; j++) {
          dw[dst + j] += gd[src + j];
        }
      }
      if (GradSamplers.active()) {
        GradSamplers.collect(this, idTensor != null ? idTensor : idsAsTensor(idx, idShape), g);
      }
      return new Tensor[] {Tensor.wrap(dw, weight.shape())};
    }, weight);
  }

  private static Tensor idsAsTensor(int[] idx, Shape shape) {
    float[] f = new float[idx.length];
    for (int p = 0; p < idx.length; p++) {
      f[p] = idx[p];
    }
    return Tensor.wrap(f, shape);
  }

  @Override
  public String toString() {
    return "Embedding(" + numEmbeddings + ", " + dim + ")";
  }
}
