package org.probity.privacy.repro;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.privacy.optim.AdaDps;
import org.probity.privacy.optim.PerExampleGradients;
import org.probity.privacy.optim.Privatizer;
import org.probity.privacy.optim.PrivateOptimizer;
import org.probity.privacy.optim.PrivatizeThen;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Params;

/**
 * A port of the toy experiment of AdaDPS (Li, Zaheer, Liu, Reddi, McMahan, Smith, "Private Adaptive
 * Optimization with Side Information", ICML 2022; official {@code litian96/AdaDPS} {@code toy/}):
 * linear regression with n = 1000, d = 500 Bernoulli features, frequent for the first 50
 * coordinates (p = 0.9, w* = 0.01) and rare for the others (p = 0.01, w* = 1), y = x·w* + N(0, 0.01²),
 * loss ½·MSE, θ0 ~ N(0, 0.1²). Each of 2,250 iterations takes 8 CONTIGUOUS rows from a uniformly
 * random start (as the official code; accounted as Poisson with q = 8/1000, as the official code
 * does), clips each example's gradient to C = 0.5 and adds noise with σ = 0.7. AdaDPS divides each
 * example gradient by A + 1e-3 first, with side information A_j = 1 (frequent) or 0.01 (rare) —
 * the rare coordinates carry the signal but their gradients are tiny and drown in noise sized for
 * the frequent ones. Same algorithm and settings as the official code; the random streams are
 * Probity's (derived from the run seed), not numpy's.
 */
final class AdaDpsToy {
  static final int N = 1000;
  static final int D = 500;
  static final int FREQUENT = 50;
  static final int BATCH = 8;
  static final int ITERATIONS = 2250;
  static final int TRIALS = 5;
  static final double CLIP = 0.5;
  static final double SIGMA = 0.7;
  /** Official {@code run.sh}: DP-SGD lr 0.1, AdaDPS ({@code --scale 1}) lr 0.2. */
  static final double LR_DP_SGD = 0.1;
  static final double LR_ADADPS = 0.2;
  static final double OFFSET = 1e-3;
  /** The CLI default; the toy's own print uses δ = 1/len((x, y)) = 0.5, a bug the notes flag. */
  static final double DELTA = 1e-3;

  private AdaDpsToy() {}

  /** Rows (dense, and the nonzero columns of each for fast full-data losses) and targets. */
  record Data(float[] x, int[][] nonzero, float[] y) {}

  /** Mean over trials of the mean full-data training loss over the last 10% of iterations. */
  record Outcome(double dpSgd, double adaDps, double adaDpsAtSgdRate, double epsilon, double[] dpSgdTrials,
      double[] adaDpsTrials) {}

  static Data generate(Rng rng) {
    float[] x = new float[N * D];
    Rng xr = rng.derive("x");
    for (int j = 0; j < D; j++) {
      double p = j < FREQUENT ? 0.9 : 0.01;
      for (int i = 0; i < N; i++) {
        x[i * D + j] = xr.nextDouble() < p ? 1f : 0f;
      }
    }
    Rng nr = rng.derive("noise");
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < D; j++) {
        s += x[i * D + j] * (j < FREQUENT ? 0.01 : 1.0);
      }
      y[i] = (float) (s + 0.01 * nr.nextGaussian());
    }
    // The official generator shuffles the rows once, so contiguous batches are random batches.
    int[] perm = rng.derive("shuffle").permutation(N);
    float[] xs = new float[N * D];
    float[] ys = new float[N];
    int[][] nz = new int[N][];
    for (int i = 0; i < N; i++) {
      System.arraycopy(x, perm[i] * D, xs, i * D, D);
      ys[i] = y[perm[i]];
      int c = 0;
      int[] idx = new int[D];
      for (int j = 0; j < D; j++) {
        if (xs[i * D + j] != 0f) {
          idx[c++] = j;
        }
      }
      nz[i] = Arrays.copyOf(idx, c);
    }
    return new Data(xs, nz, ys);
  }

  /**
   * Runs the 5 trials of DP-SGD and AdaDPS; with {@code atSgdRate} also AdaDPS at DP-SGD's rate 0.1
   * (the brief's single rate), reported beside the official pair.
   */
  static Outcome run(Rng rng, boolean atSgdRate) {
    Data data = generate(rng.derive("data"));
    Params side = sideInformation();
    double[] sgd = new double[TRIALS];
    double[] ada = new double[TRIALS];
    double[] adaSlow = new double[TRIALS];
    double eps = Double.NaN;
    for (int k = 0; k < TRIALS; k++) {
      Rng trial = rng.derive("trial").derive(k);
      Privatizer release = new Privatizer(CLIP, SIGMA, BATCH);
      Rng noise = trial.derive("noise");
      RdpAccountant accountant = new RdpAccountant();
      sgd[k] = train(PrivatizeThen.dpSgd(release, LR_DP_SGD, noise), data, trial, accountant);
      eps = accountant.epsilon(DELTA);
      ada[k] = train(AdaDps.sgd(release, side, OFFSET, LR_ADADPS, noise), data, trial, new RdpAccountant());
      adaSlow[k] = atSgdRate ? train(AdaDps.sgd(release, side, OFFSET, LR_DP_SGD, noise), data, trial,
          new RdpAccountant()) : Double.NaN;
    }
    return new Outcome(SeedSummary.of(sgd).mean(), SeedSummary.of(ada).mean(), SeedSummary.of(adaSlow).mean(), eps,
        sgd, ada);
  }

  /** A_j = 1 for the frequent coordinates, 0.01 for the rare ones (the official toy's side information). */
  static Params sideInformation() {
    float[] a = new float[D];
    for (int j = 0; j < D; j++) {
      a[j] = j < FREQUENT ? 1f : 0.01f;
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", Tensor.wrap(a, Shape.of(1, D)));
    return new Params(m);
  }

  /** One trial of one method; every method of a trial sees the same θ0, batch starts and noise. */
  private static <S> double train(PrivateOptimizer<S> opt, Data data, Rng trial, RdpAccountant accountant) {
    Linear model = new Linear(D, 1, false, new Rng(0));
    float[] w = model.weight().data();
    Rng init = trial.derive("theta0");
    for (int j = 0; j < D; j++) {
      w[j] = (float) (0.1 * init.nextGaussian());
    }
    Rng starts = trial.derive("batches");
    S state = opt.init(model.params());
    int tail = ITERATIONS - ITERATIONS / 10;
    double lossSum = 0;
    for (int t = 0; t < ITERATIONS; t++) {
      int start = starts.nextInt(N - BATCH);
      Tensor xb = Tensor.wrap(Arrays.copyOfRange(data.x(), start * D, (start + BATCH) * D), Shape.of(BATCH, D));
      Tensor yb = Tensor.wrap(Arrays.copyOfRange(data.y(), start, start + BATCH), Shape.of(BATCH));
      PerExampleGradients g = PerExampleGradients.compute(model.params(),
          () -> model.forward(xb).reshape(BATCH).sub(yb).square().mul(0.5f));
      Update<S> u = opt.update(g, state, model.params());
      Transforms.applyUpdates(model.params(), u.updates());
      state = u.state();
      accountant.step(opt.noiseMultiplier(), (double) BATCH / N, 1);
      if (t >= tail) {
        lossSum += loss(w, data);
      }
    }
    return lossSum / (ITERATIONS - tail);
  }

  /** The official {@code get_loss}: mean over all rows of ½(x·θ − y)². */
  static double loss(float[] theta, Data data) {
    double s = 0;
    for (int i = 0; i < N; i++) {
      double p = 0;
      for (int j : data.nonzero()[i]) {
        p += theta[j];
      }
      double r = p - data.y()[i];
      s += 0.5 * r * r;
    }
    return s / N;
  }
}
