package org.probity.core.dro;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;

/**
 * The capacity-limited adversary of Bitrate-Constrained DRO (Setlur, Dennis, Eysenbach,
 * Raghunathan, Finn, Smith and Levine, "Bitrate-Constrained DRO: Beyond Worst Case Robustness To
 * Unknown Group Shifts", ICLR 2023): a variational information bottleneck (Alemi et al., ICLR 2017)
 * from the raw features to the group-membership weight, {@code z ~ N(μ(x), diag σ²(x))} with μ and
 * log σ linear in x, and {@code η(x, y) = sigmoid(w_y · z + c_y)} with one head per label. The
 * bitrate of the group function is the KL of q(z|x) from N(0, I), which the trainer penalises; a
 * large penalty collapses q to the prior, where η depends on the label alone. There is no official
 * code: the per-label bias {@code c_y} (without it a collapsed adversary could not weigh the labels
 * differently), the clamp of log σ to [−6, 3], and the closed-form expectation used for the learner's
 * weights are reconstructions. Parameters require gradients and are trained by {@link BitrateDro}.
 */
public final class VibAdversary {
  static final float LOG_SIGMA_MIN = -6f;
  static final float LOG_SIGMA_MAX = 3f;

  private final int inFeatures;
  private final int zDim;
  private final int numClasses;
  private final Linear mu;
  private final Linear logSigma;
  private final Tensor heads;
  private final Tensor bias;
  private final Params params;

  /**
   * @param inFeatures features per example (flattened)
   * @param zDim bottleneck dimension (≥ 1)
   * @param numClasses labels (≥ 2)
   * @param initialMass the starting η of every example, in (0, 1): the heads' biases start at its logit
   * @param rng initialisation stream
   */
  public VibAdversary(int inFeatures, int zDim, int numClasses, double initialMass, Rng rng) {
    if (inFeatures < 1 || zDim < 1 || numClasses < 2) {
      throw new IllegalArgumentException("vibAdversary: need inFeatures >= 1, zDim >= 1, numClasses >= 2; got "
          + "inFeatures=" + inFeatures + ", zDim=" + zDim + ", numClasses=" + numClasses);
    }
    if (!(initialMass > 0 && initialMass < 1)) {
      throw new IllegalArgumentException("vibAdversary: initialMass must be in (0, 1), got " + initialMass);
    }
    this.inFeatures = inFeatures;
    this.zDim = zDim;
    this.numClasses = numClasses;
    this.mu = new Linear(inFeatures, zDim, rng.derive("mu"));
    this.logSigma = new Linear(inFeatures, zDim, rng.derive("logSigma"));
    // Start at q(z|x) = N(μ(x), I) so the first steps see the reparameterisation noise at full scale.
    java.util.Arrays.fill(logSigma.weight().data(), 0f);
    java.util.Arrays.fill(logSigma.bias().data(), 0f);
    this.heads = Tensor.randn(rng.derive("heads"), numClasses, zDim).requiresGrad(true);
    float logit = (float) Math.log(initialMass / (1 - initialMass));
    this.bias = Tensor.full(logit, Shape.of(numClasses)).requiresGrad(true);
    Map<String, Tensor> p = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : mu.params().byName().entrySet()) {
      p.put("mu." + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Tensor> e : logSigma.params().byName().entrySet()) {
      p.put("logSigma." + e.getKey(), e.getValue());
    }
    p.put("heads", heads);
    p.put("bias", bias);
    this.params = new Params(p);
  }

  public Params params() {
    return params;
  }

  public int zDim() {
    return zDim;
  }

  public int numClasses() {
    return numClasses;
  }

  /** μ(x), shape [B, zDim], on the tape. */
  public Tensor mean(Tensor x) {
    return mu.forward(flat(x));
  }

  /** log σ(x), clamped, shape [B, zDim], on the tape. */
  public Tensor logStd(Tensor x) {
    return logSigma.forward(flat(x)).clamp(LOG_SIGMA_MIN, LOG_SIGMA_MAX);
  }

  /**
   * The bitrate of each example,
   * {@code KL(N(μ, diag σ²) || N(0, I)) = ½ Σ_k (μ_k² + σ_k² − 1 − 2 log σ_k)}, in nats, shape [B], on the tape.
   */
  public Tensor kl(Tensor x) {
    Tensor m = mean(x);
    Tensor ls = logStd(x);
    return m.square().add(ls.mul(2f).exp()).sub(1f).sub(ls.mul(2f)).sum(1, false).mul(0.5f);
  }

  /**
   * The logits {@code w_y · z + c_y} for one reparameterised draw {@code z = μ(x) + σ(x) ⊙ ε},
   * ε ~ N(0, I) from {@code rng}, shape [B], on the tape (what the adversary's gradient step
   * differentiates).
   */
  public Tensor sampleLogits(Tensor x, int[] labels, Rng rng) {
    int b = checkLabels(x, labels);
    Tensor eps = Tensor.randn(rng, b, zDim);
    Tensor z = mean(x).add(logStd(x).exp().mul(eps));
    return logits(z, labels);
  }

  /** η = sigmoid of {@link #sampleLogits}: one draw of the group weight, in [0, 1], on the tape. */
  public Tensor sampleEta(Tensor x, int[] labels, Rng rng) {
    return sampleLogits(x, labels, rng).sigmoid();
  }

  /**
   * The logits whose sigmoid approximates {@code E_z[sigmoid(w_y · z + c_y)]}: by the probit
   * approximation (MacKay 1992) that is {@code m / sqrt(1 + π s² / 8)} with {@code m = w_y · μ + c_y}
   * and {@code s² = Σ_k w_yk² σ_k²}. Deterministic (free of the sampling noise the adversary trains
   * with), no gradient.
   */
  @SuppressWarnings("try") // the NoGrad scope is used only for its effect
  public float[] expectedLogits(Tensor x, int[] labels) {
    int b = checkLabels(x, labels);
    try (NoGrad ignored = NoGrad.enter()) {
      float[] m = mean(x).data();
      float[] ls = logStd(x).data();
      float[] w = heads.data();
      float[] c = bias.data();
      float[] out = new float[b];
      for (int i = 0; i < b; i++) {
        int y = labels[i];
        double dot = c[y];
        double var = 0;
        for (int k = 0; k < zDim; k++) {
          double wk = w[y * zDim + k];
          dot += wk * m[i * zDim + k];
          var += wk * wk * Math.exp(2.0 * ls[i * zDim + k]);
        }
        out[i] = (float) (dot / Math.sqrt(1 + Math.PI * var / 8));
      }
      return out;
    }
  }

  /** The expected weight {@code E_z[η]}: the sigmoid of {@link #expectedLogits}, in [0, 1]. */
  public float[] expectedEta(Tensor x, int[] labels) {
    float[] a = expectedLogits(x, labels);
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (1 / (1 + Math.exp(-a[i])));
    }
    return a;
  }

  private Tensor logits(Tensor z, int[] labels) {
    Tensor wy = heads.indexSelect(0, labels);
    return z.mul(wy).sum(1, false).add(bias.indexSelect(0, labels));
  }

  private Tensor flat(Tensor x) {
    int b = x.dim(0);
    if (x.size() != b * inFeatures) {
      throw new IllegalArgumentException("vibAdversary: expected " + inFeatures + " features per example, got shape "
          + x.shape());
    }
    return x.rank() == 2 ? x : x.reshape(b, inFeatures);
  }

  private int checkLabels(Tensor x, int[] labels) {
    int b = x.dim(0);
    if (labels == null || labels.length != b) {
      throw new IllegalArgumentException("vibAdversary: need one label per example, got "
          + (labels == null ? "none" : labels.length + " labels") + " for " + b + " examples");
    }
    for (int i = 0; i < b; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException("vibAdversary: label " + labels[i] + " at position " + i
            + " is outside 0.." + (numClasses - 1));
      }
    }
    return b;
  }
}
