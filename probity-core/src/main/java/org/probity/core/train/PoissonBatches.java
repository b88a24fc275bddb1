package org.probity.core.train;

import java.util.Arrays;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * Poisson subsampling: at every step each row joins the batch independently with probability q,
 * so batch sizes vary (mean q·n, variance q·n·(1 − q)) and a batch may be empty. This is the
 * sampling the RDP accountant of the subsampled Gaussian mechanism assumes (Mironov, Talwar and
 * Zhang 2019; Opacus's {@code UniformWithReplacementSampler}); shuffled fixed-size batches, which
 * most DP code uses while accounting as if Poisson, are only approximately covered by it.
 *
 * <p>A step's batch comes from {@code rng.derive(step)} alone, so any step can be recomputed. The
 * rows are found by jumping geometric gaps (the gap to the next chosen row is Geometric(q)), which
 * draws about q·n numbers per step instead of n; rows stay in increasing order.
 */
final class PoissonBatches implements BatchSource {
  private final Dataset data;
  private final double sampleRate;
  private final double logKeepOut;
  private final Rng rng;

  PoissonBatches(Dataset data, double sampleRate, Rng rng) {
    if (data == null || rng == null) {
      throw new IllegalArgumentException("poisson batches: data and rng are required");
    }
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new TrainConfigException("sampleRate", "poisson batches: sample rate must be in (0, 1], got "
          + sampleRate);
    }
    if (data.size() == 0) {
      throw new TrainConfigException("sampleRate", "poisson batches: dataset '" + data.name() + "' is empty");
    }
    this.data = data;
    this.sampleRate = sampleRate;
    this.logKeepOut = Math.log1p(-sampleRate);
    this.rng = rng;
  }

  double sampleRate() {
    return sampleRate;
  }

  @Override
  public Batch next(int step, Rng stepRng) {
    return data.batch(indices(step));
  }

  /** The rows of step {@code step}, increasing. */
  int[] indices(int step) {
    int n = data.size();
    if (sampleRate == 1) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    Rng r = rng.derive(step);
    int[] out = new int[Math.max(16, (int) Math.min(n, 2 * sampleRate * n + 16))];
    int count = 0;
    long i = -1;
    while (true) {
      // U in (0, 1]; floor(ln U / ln(1 − q)) is Geometric(q): the number of rows skipped.
      double u = 1.0 - r.nextDouble();
      double skip = Math.floor(Math.log(u) / logKeepOut);
      if (skip >= n) {
        break;
      }
      i += 1 + (long) skip;
      if (i >= n) {
        break;
      }
      if (count == out.length) {
        out = Arrays.copyOf(out, Math.min(n, out.length * 2));
      }
      out[count++] = (int) i;
    }
    return Arrays.copyOf(out, count);
  }

  @Override
  public String toString() {
    return "poisson(q=" + sampleRate + ", n=" + data.size() + ")";
  }
}
