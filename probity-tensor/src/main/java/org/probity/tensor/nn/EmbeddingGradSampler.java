package org.probity.tensor.nn;

import java.util.Arrays;
import org.probity.tensor.PerExample;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Per-example gradients of {@link Embedding}, after Opacus's {@code grad_sample/embedding.py}. The
 * activations are the ids, shape [B, ...] (dimension 0 is the batch, T = the rest), and the
 * backprops have shape [B, ..., dim]. Example i's gradient is its backprop rows scatter-added into
 * a zero table at its ids.
 *
 * <p>The squared norm avoids the table (which would cost numEmbeddings·dim per example): only rows
 * an example touched are non-zero, and the row for id v is the sum of the backprops at the
 * positions holding v. Sorting each example's (id, position) pairs groups those positions, so the
 * norm is Σ over distinct ids of ‖Σ_{positions with that id} g‖², in T·log T + T·dim per example.
 */
public final class EmbeddingGradSampler implements GradSampler<Embedding> {
  @Override
  public void accumulate(Embedding layer, Tensor activations, Tensor backprops, PerExample out) {
    Tensor w = layer.weight();
    if (!w.requiresGrad()) {
      return;
    }
    Shape is = activations.shape();
    if (is.rank() < 1) {
      throw new IllegalArgumentException("embedding grad sampler: ids of shape " + is + " have no batch dimension");
    }
    int dim = layer.dim();
    int b = is.dim(0);
    int t = b == 0 ? 0 : is.size() / b;
    if (backprops.size() != is.size() * dim) {
      throw new IllegalArgumentException("embedding grad sampler: backprops of shape " + backprops.shape()
          + " do not match ids of shape " + is);
    }
    float[] ids = activations.data();
    float[] g = backprops.data();
    if (out.mode() == PerExample.Mode.GRADIENTS) {
      int n = layer.numEmbeddings();
      float[] d = new float[b * n * dim];
      for (int i = 0; i < b; i++) {
        for (int s = 0; s < t; s++) {
          int p = i * t + s;
          int dst = (i * n + (int) ids[p]) * dim;
          int src = p * dim;
          for (int j = 0; j < dim; j++) {
            d[dst + j] += g[src + j];
          }
        }
      }
      out.addGradient(w, Tensor.wrap(d, Shape.of(b, n, dim)));
      return;
    }
    out.addSquaredNorms(w, squaredNorms(ids, g, b, t, dim));
  }

  static float[] squaredNorms(float[] ids, float[] g, int b, int t, int dim) {
    long[] keys = new long[t];
    float[] row = new float[dim];
    float[] n = new float[b];
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < t; s++) {
        keys[s] = ((long) (int) ids[i * t + s] << 32) | s;
      }
      Arrays.sort(keys);
      double total = 0;
      int s = 0;
      while (s < t) {
        long id = keys[s] >>> 32;
        Arrays.fill(row, 0f);
        while (s < t && (keys[s] >>> 32) == id) {
          int src = (i * t + (int) keys[s]) * dim;
          for (int j = 0; j < dim; j++) {
            row[j] += g[src + j];
          }
          s++;
        }
        total += LinearGradSampler.sumSquares(row, 0, dim);
      }
      n[i] = (float) total;
    }
    return n;
  }
}
