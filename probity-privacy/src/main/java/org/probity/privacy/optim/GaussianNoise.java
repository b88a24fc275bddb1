package org.probity.privacy.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Update;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * DP-SGD's noise link (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016): it takes
 * the sum of clipped per-example gradients ({@link ClippedGradient}), adds N(0, σ²C²) to every
 * coordinate and divides by the expected batch size q·n, so the next links of the chain (SGD, Adam,
 * RMSProp) see a noisy mean gradient. Dividing by the expected rather than the drawn batch size
 * keeps the sensitivity of the release at C whatever the Poisson draw, as the accountant assumes
 * (Opacus does the same with {@code expected_batch_size}).
 *
 * <p>The state is the step count; step t's noise for parameter p comes from
 * {@code rng.derive(t).derive(p's name)} alone, so a run repeats exactly, a saved optimiser state
 * resumes the same noise sequence, and the noise does not depend on the order of the parameters.
 * σ = 0 adds nothing (the non-private limit the tests pin against plain SGD).
 */
public final class GaussianNoise implements GradientTransform<GaussianNoise.State> {
  /** Number of noisy updates taken so far; the next one uses stream {@code step}. */
  public record State(long step) {
    public State {
      if (step < 0) {
        throw new IllegalArgumentException("gaussianNoise: step must be >= 0, got " + step);
      }
    }
  }

  private final double noiseMultiplier;
  private final double clipNorm;
  private final double expectedBatchSize;
  private final Rng rng;

  GaussianNoise(double noiseMultiplier, double clipNorm, double expectedBatchSize, Rng rng) {
    String op = "gaussianNoise";
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException(op + ": noise multiplier σ must be a finite number >= 0, got "
          + noiseMultiplier);
    }
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException(op + ": clip norm C must be > 0, got " + clipNorm);
    }
    if (Double.isInfinite(clipNorm) && noiseMultiplier > 0) {
      throw new IllegalArgumentException(op + ": an infinite clip norm needs σ = 0 (the noise std σ·C would be"
          + " infinite), got σ=" + noiseMultiplier);
    }
    if (!(expectedBatchSize > 0) || Double.isInfinite(expectedBatchSize)) {
      throw new IllegalArgumentException(op + ": expected batch size q·n must be a finite number > 0, got "
          + expectedBatchSize);
    }
    if (rng == null) {
      throw new IllegalArgumentException(op + ": rng must not be null");
    }
    this.noiseMultiplier = noiseMultiplier;
    this.clipNorm = clipNorm;
    this.expectedBatchSize = expectedBatchSize;
    this.rng = rng;
  }

  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  public double clipNorm() {
    return clipNorm;
  }

  public double expectedBatchSize() {
    return expectedBatchSize;
  }

  /** The standard deviation of the noise on the released mean: σ·C / (q·n). */
  public double stdOfMean() {
    return noiseMultiplier == 0 ? 0 : noiseMultiplier * clipNorm / expectedBatchSize;
  }

  @Override
  public State init(Params params) {
    return new State(0);
  }

  @Override
  public Update<State> update(Params updates, State state, Params params) {
    if (updates == null || state == null) {
      throw new IllegalArgumentException("gaussianNoise: updates and state must not be null");
    }
    float std = noiseMultiplier == 0 ? 0f : (float) (noiseMultiplier * clipNorm);
    float scale = (float) (1.0 / expectedBatchSize);
    Rng stepRng = rng.derive(state.step());
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : updates.byName().entrySet()) {
      float[] g = e.getValue().data();
      float[] d = new float[g.length];
      if (std == 0) {
        for (int k = 0; k < g.length; k++) {
          d[k] = g[k] * scale;
        }
      } else {
        NormalNoise.addScaled(g, d, std, scale, stepRng.derive(e.getKey()).nextLong());
      }
      out.put(e.getKey(), Tensor.wrap(d, e.getValue().shape()));
    }
    return new Update<>(new Params(out), new State(state.step() + 1));
  }

  @Override
  public String toString() {
    return "gaussianNoise(σ=" + noiseMultiplier + ", C=" + clipNorm + ", q·n=" + expectedBatchSize + ")";
  }
}
