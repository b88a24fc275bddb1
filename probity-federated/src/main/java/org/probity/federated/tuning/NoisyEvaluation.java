package org.probity.federated.tuning;

import org.probity.tensor.Rng;

/**
 * How a federated hyperparameter tuner observes a configuration's quality (Kuo, Khodak, Smith,
 * Talwalkar et al., "On Noisy Evaluation in Federated Hyperparameter Tuning", MLSys 2023;
 * notes-federated-privacy §7): from the configuration's error on every evaluation client, a noisy
 * score. The noise sources of the paper compose as a {@link Pipeline}: {@link ClientSubsampling}
 * (few clients answer, optionally with a {@link SystemsBias}), the mean over the answering clients
 * (weighted by their example counts, or uniform, which bounds one client's influence and is what
 * the private variant uses), then optional {@link LaplaceEvaluationNoise}. Taking every client with
 * example weights and no noise is the noiseless full-population error the tuner would like to see.
 */
public interface NoisyEvaluation {
  /**
   * The score of one configuration given its error on each evaluation client ({@code errors[k]} in
   * [0, 1]) and the clients' example counts; randomness only from {@code rng}.
   */
  double score(double[] errors, double[] sizes, Rng rng);

  /** A short name for tables ("noiseless", "nc=1", ...). */
  String name();

  /** How the mean over the answering clients weighs them. */
  enum Weighting {
    /** By example count: the population error over examples (the paper's default). */
    EXAMPLES,
    /** Each client equally: sensitivity 1/nc to one client (the paper's private evaluations). */
    UNIFORM
  }

  /** Every client, example-weighted, no noise: the true full-population error. */
  static NoisyEvaluation noiseless() {
    return new Pipeline("noiseless", ClientSubsampling.all(), Weighting.EXAMPLES, null);
  }

  /** nc uniformly sampled clients, example-weighted. */
  static NoisyEvaluation subsampled(int clients) {
    return new Pipeline("nc=" + clients, ClientSubsampling.uniform(clients), Weighting.EXAMPLES, null);
  }

  /** nc clients sampled ∝ (1.0001 − err_k)^b, example-weighted. */
  static NoisyEvaluation systemsBias(int clients, double exponent) {
    return new Pipeline("nc=" + clients + ",b=" + exponent, ClientSubsampling.biased(clients, exponent),
        Weighting.EXAMPLES, null);
  }

  /** nc uniformly sampled clients, uniform mean, Laplace noise N/(nc·ε), clipped to [0, 1]. */
  static NoisyEvaluation privateEvaluation(int clients, double epsilon, int evaluations) {
    return new Pipeline("nc=" + clients + ",eps=" + epsilon, ClientSubsampling.uniform(clients), Weighting.UNIFORM,
        new LaplaceEvaluationNoise(epsilon, evaluations));
  }

  /** The weighted mean of {@code errors} over the clients {@code picked}. */
  static double mean(double[] errors, double[] sizes, int[] picked, Weighting weighting) {
    double num = 0;
    double den = 0;
    for (int k : picked) {
      double w = weighting == Weighting.UNIFORM ? 1 : sizes[k];
      num += w * errors[k];
      den += w;
    }
    if (!(den > 0)) {
      throw new IllegalArgumentException("noisy evaluation: the sampled clients hold no examples (total weight "
          + den + ")");
    }
    return num / den;
  }

  /** Subsample, average, then (optionally) add clipped Laplace noise. {@code noise} may be null. */
  record Pipeline(String name, ClientSubsampling sampling, Weighting weighting, LaplaceEvaluationNoise noise)
      implements NoisyEvaluation {
    public Pipeline {
      if (sampling == null || weighting == null) {
        throw new IllegalArgumentException("noisy evaluation '" + name + "': sampling and weighting are required");
      }
    }

    @Override
    public double score(double[] errors, double[] sizes, Rng rng) {
      if (errors.length != sizes.length) {
        throw new IllegalArgumentException("noisy evaluation '" + name + "': " + errors.length + " client errors but "
            + sizes.length + " client sizes");
      }
      int[] picked = sampling.sample(errors, rng.derive("clients"));
      double m = mean(errors, sizes, picked, weighting);
      return noise == null ? m : noise.release(m, picked.length, rng.derive("laplace"));
    }
  }
}
