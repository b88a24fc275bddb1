package org.probity.federated.tuning;

import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * Random search over a fixed pool of already-trained configurations, as simulated in Kuo et al.
 * ("On Noisy Evaluation in Federated Hyperparameter Tuning", MLSys 2023; notebook
 * {@code analysis.ipynb}, notes §7): each trial draws N configurations from the pool without
 * replacement, scores them one after the other with a possibly noisy {@link Scorer}, keeps the
 * running argmin of the scores (the first of equal scores), and reports the <em>true</em>
 * full-population error of the configuration it ends with. Scoring by a proxy (each
 * configuration's error on public proxy data) is just another scorer. Trial t draws its
 * configurations from {@code rng.derive(t).derive("configs")} and its score noise from
 * {@code ...derive("scores")}, so two searches run with the same Rng see the same configurations
 * in the same order and differ only in how they score them (common random numbers).
 */
public final class RandomSearch {
  private final int perTrial;

  /** How a configuration looks to the tuner: its score (lower is better) in one evaluation. */
  @FunctionalInterface
  public interface Scorer {
    double score(int config, Rng rng);
  }

  /**
   * One trial: the configurations in the order they were scored, their scores, the index (into the
   * pool) of the configuration picked, its true error, and the true error of the incumbent after
   * each evaluation (the running curve).
   */
  public record Trial(int[] configs, double[] scores, int pick, double trueError, double[] incumbentTrueError) {}

  public RandomSearch(int perTrial) {
    if (perTrial < 1) {
      throw new IllegalArgumentException("random search: configurations per trial N must be >= 1, got " + perTrial);
    }
    this.perTrial = perTrial;
  }

  public int perTrial() {
    return perTrial;
  }

  /** Scores each configuration by {@code eval} applied to its per-client errors. */
  public static Scorer noisy(double[][] clientErrors, double[] clientSizes, NoisyEvaluation eval) {
    return (config, rng) -> eval.score(clientErrors[config], clientSizes, rng);
  }

  /** Scores each configuration by a fixed number, e.g. its error on proxy data (no noise). */
  public static Scorer fixed(double[] scores) {
    double[] s = scores.clone();
    return (config, rng) -> s[config];
  }

  /** One trial over a pool whose true errors are {@code trueErrors}. */
  public Trial trial(double[] trueErrors, Scorer scorer, Rng rng) {
    int pool = trueErrors.length;
    if (pool < perTrial) {
      throw new IllegalArgumentException("random search: " + perTrial + " configurations per trial from a pool of "
          + pool);
    }
    int[] configs = draw(pool, perTrial, rng.derive("configs"));
    Rng scoreRng = rng.derive("scores");
    double[] scores = new double[perTrial];
    double[] curve = new double[perTrial];
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < perTrial; i++) {
      double s = scorer.score(configs[i], scoreRng.derive(i));
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("random search: configuration " + configs[i] + " scored NaN");
      }
      scores[i] = s;
      if (best < 0 || s < bestScore) {
        best = configs[i];
        bestScore = s;
      }
      curve[i] = trueErrors[best];
    }
    return new Trial(configs, scores, best, trueErrors[best], curve);
  }

  /** The true errors of the picks of {@code trials} trials, trial t from {@code rng.derive(t)}. */
  public double[] run(int trials, double[] trueErrors, Scorer scorer, Rng rng) {
    if (trials < 1) {
      throw new IllegalArgumentException("random search: trials must be >= 1, got " + trials);
    }
    double[] out = new double[trials];
    for (int t = 0; t < trials; t++) {
      out[t] = trial(trueErrors, scorer, rng.derive(t)).trueError();
    }
    return out;
  }

  /** k distinct indices of 0..n-1 in random order (partial Fisher-Yates). */
  static int[] draw(int n, int k, Rng rng) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, k);
  }

  /** The q-quantile with linear interpolation between order statistics (numpy's default). */
  public static double quantile(double[] values, double q) {
    if (values.length == 0 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile: need values and q in [0, 1], got " + values.length
          + " values and q=" + q);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  public static double median(double[] values) {
    return quantile(values, 0.5);
  }

  /** Interquartile range q75 − q25. */
  public static double iqr(double[] values) {
    return quantile(values, 0.75) - quantile(values, 0.25);
  }
}
