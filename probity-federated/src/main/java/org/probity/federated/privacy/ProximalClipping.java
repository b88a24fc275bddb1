package org.probity.federated.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.probity.privacy.optim.PerExampleGradients;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * DP-SGD's clipped sum when the local objective has a proximal term, as in MR-MTL, Ditto and FedProx:
 * each example's gradient of ℓ_i(w) + λ/2‖w − a‖², that is g_i + λ(w − a), is clipped to C as a
 * whole and the results summed. This is what the official MR-MTL code does (Liu, Hu, Wu, Smith,
 * NeurIPS 2022, {@code trainers/mrmtl.py}: the per-example loss includes the prox term before
 * {@code vmap(grad)} and clipping). The proximal gradient is the same for every example and depends
 * on no private data, so adding it after the noise would be private too; but it would be a
 * different algorithm (the clip would then bound only the data gradient, and the pull would not
 * shrink with it), and the official choice is kept so that results compare with the paper's. Only
 * {@code trainable} parameters (all when null) take part: a frozen parameter is neither released
 * nor counted in the norm (last-layer fine-tuning).
 *
 * <p>The prox term is shared, so Σ_i f_i(g_i + p) = Σ_i f_i g_i + (Σ_i f_i)·p and ‖g_i + p‖² needs
 * only one pass over the materialised per-example gradients; the factors are
 * f_i = min(1, C/‖g_i + p‖), in double.
 */
public final class ProximalClipping {
  private ProximalClipping() {}

  /**
   * Σ_i clip_C(g_i + λ(w − anchor)) for the parameters of {@code w} (names and shapes of w; zeros
   * outside {@code trainable}, and everywhere for an empty batch).
   *
   * @param anchor the proximal centre (ignored when λ = 0)
   */
  public static Params clippedSum(PerExampleGradients grads, Params w, Params anchor, double lambda,
      Set<String> trainable, double clipNorm) {
    int b = grads.batchSize();
    int k = w.byName().size();
    String[] names = w.names().toArray(new String[0]);
    float[][] g = new float[k][];
    double[][] p = new double[k][];
    boolean[] on = new boolean[k];
    for (int t = 0; t < k; t++) {
      on[t] = trainable == null || trainable.contains(names[t]);
      if (!on[t]) {
        continue;
      }
      Tensor gt = grads.byName().get(names[t]);
      if (gt == null) {
        throw new IllegalArgumentException("proximal clipping: no per-example gradient for parameter '" + names[t]
            + "' (have " + grads.byName().names() + ")");
      }
      g[t] = gt.data();
      if (lambda > 0) {
        float[] wt = w.get(names[t]).data();
        float[] at = anchor.get(names[t]).data();
        p[t] = new double[wt.length];
        for (int j = 0; j < wt.length; j++) {
          p[t][j] = lambda * ((double) wt[j] - at[j]);
        }
      }
    }
    double[] factor = factors(g, p, on, w, names, b, clipNorm);
    double factorSum = 0;
    for (double f : factor) {
      factorSum += f;
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int t = 0; t < k; t++) {
      Tensor wt = w.get(names[t]);
      int per = wt.size();
      float[] r = new float[per];
      if (on[t] && b > 0) {
        double[] sum = new double[per];
        float[] gt = g[t];
        for (int i = 0; i < b; i++) {
          double f = factor[i];
          int off = i * per;
          for (int j = 0; j < per; j++) {
            sum[j] += f * gt[off + j];
          }
        }
        for (int j = 0; j < per; j++) {
          r[j] = (float) (p[t] == null ? sum[j] : sum[j] + factorSum * p[t][j]);
        }
      }
      out.put(names[t], Tensor.wrap(r, wt.shape()));
    }
    return new Params(out);
  }

  /** f_i = min(1, C/‖g_i + p‖) over the trainable parameters; 1 for a zero gradient. */
  private static double[] factors(float[][] g, double[][] p, boolean[] on, Params w, String[] names, int b,
      double clipNorm) {
    double[] sq = new double[b];
    for (int t = 0; t < g.length; t++) {
      if (!on[t]) {
        continue;
      }
      int per = w.get(names[t]).size();
      float[] gt = g[t];
      double[] pt = p[t];
      for (int i = 0; i < b; i++) {
        int off = i * per;
        double s = 0;
        for (int j = 0; j < per; j++) {
          double v = pt == null ? gt[off + j] : gt[off + j] + pt[j];
          s += v * v;
        }
        sq[i] += s;
      }
    }
    double[] f = new double[b];
    for (int i = 0; i < b; i++) {
      double norm = Math.sqrt(sq[i]);
      f[i] = norm > clipNorm ? clipNorm / norm : 1.0;
    }
    return f;
  }
}
