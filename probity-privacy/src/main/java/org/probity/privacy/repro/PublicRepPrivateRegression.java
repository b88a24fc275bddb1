package org.probity.privacy.repro;

import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.TrainingDivergedException;
import org.probity.privacy.optim.DpResult;
import org.probity.privacy.optim.DpSgd;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;

/**
 * The private stage of the two-stage algorithm of Thaker, Setlur, Wu, Smith (NeurIPS 2024, theory section):
 * linear regression by DP-SGD on the projected inputs Bᵀx for a given orthonormal d×p basis (the
 * identity for the full-d baseline, the public estimate B̂, or the true B), mapped back to
 * θ̂ = B·ŵ and scored by the L2 parameter error ‖θ̂ − θ*‖ (the paper's Fig. 4 measure; with
 * x ~ N(0, I) its square is the excess risk). The training runs through the library's
 * {@link DpSgd} (Poisson batches, per-example clipping, Gaussian noise, RDP accounting), so the
 * reproduction exercises the real component. σ is calibrated once per (q, steps) to the target ε
 * by {@link org.probity.privacy.accountant.NoiseCalibration#noiseFor} (once per schedule,
 * {@link PublicRepNoise}), and the same ε is the run's
 * budget, so no setting can spend more.
 *
 * <p>Clip norm and learning rate come from a small grid, chosen by the squared error on a held-out
 * validation sample of the private task. That selection is not itself accounted (as in the papers
 * this library reproduces); it gives every basis the same tuning, which is what the comparison needs.
 */
final class PublicRepPrivateRegression {
  private PublicRepPrivateRegression() {}

  /** One grid point: per-example clip norm C and SGD learning rate. */
  record Setting(double clip, double lr) {}

  /** The DP-SGD schedule shared by every basis: target ε, δ, expected batch size and epochs. */
  record Schedule(double epsilon, double delta, int batch, int epochs) {}

  /**
   * The validation-chosen run: its parameter error, validation MSE, setting, the ε the accountant
   * gave, the steps taken and σ.
   */
  record Outcome(double error, double validationMse, Setting chosen, double epsilon, int steps, double sigma) {}

  /**
   * Fits θ̂ in span(basis) privately on {@code train} and returns the validation-chosen grid point.
   *
   * @param basis row-major d×p with orthonormal columns, or null for the identity (full d)
   */
  static Outcome fit(PublicRepLinearTasks.Sample train, PublicRepLinearTasks.Sample validation, double[] basis, int p,
      double[] theta, Schedule schedule, List<Setting> grid, long seed) {
    int d = train.d();
    int dim = basis == null ? d : p;
    Dataset data = Dataset.regression("private-task", Tensor.of(project(train, basis, dim), train.n(), dim),
        Tensor.of(train.y().clone(), train.n(), 1));
    float[] zv = project(validation, basis, dim);
    // One log record at the end: the privacy listener then composes all steps in one accountant call
    // instead of one per step (the same ε, a fraction of the cost).
    TrainConfig config = TrainConfig.ofEpochs(schedule.epochs(), schedule.batch(), seed).withLogEvery(Integer.MAX_VALUE);
    long steps = config.totalSteps(train.n());
    double q = (double) schedule.batch() / train.n();
    // σ depends only on (ε, δ, q, steps), not on C or the learning rate: one calibration per schedule.
    double sigma = PublicRepNoise.sigma(schedule.epsilon(), schedule.delta(), q, steps);
    Outcome best = null;
    for (Setting s : grid) {
      DpSgd dp = DpSgd.builder().clipNorm(s.clip()).noiseMultiplier(sigma).sampleRate(q).delta(schedule.delta())
          .budget(schedule.epsilon()).build();
      // Zero start, as the DP² and MR-MTL code start their linear models: the first noisy steps
      // then move from a point that favours no basis.
      Linear model = new Linear(dim, 1, false, new Rng(seed));
      java.util.Arrays.fill(model.weight().data(), 0f);
      double mse;
      double epsilon;
      int taken;
      try {
        DpResult r = dp.fit(config, model, LossFunction.meanSquaredError(), Optimizers.sgd(s.lr()), data, null);
        mse = validationMse(zv, validation.y(), validation.n(), model.weight().data(), dim);
        epsilon = r.spent().epsilon();
        taken = r.train().steps();
      } catch (TrainingDivergedException e) {
        continue; // a learning rate too large for this basis: not a candidate
      }
      if (best == null || mse < best.validationMse()) {
        double[] thetaHat = lift(model.weight().data(), basis, d, dim);
        best = new Outcome(distance(thetaHat, theta), mse, s, epsilon, taken, sigma);
      }
    }
    if (best == null) {
      throw new IllegalStateException("private regression: every grid setting diverged (" + grid + ")");
    }
    return best;
  }

  /** Bᵀx for every row (a copy of x for the identity). */
  static float[] project(PublicRepLinearTasks.Sample s, double[] basis, int p) {
    int d = s.d();
    if (basis == null) {
      return s.x().clone();
    }
    if (basis.length != d * p) {
      throw new IllegalArgumentException("projection: basis has " + basis.length + " values, expected " + d + "x" + p);
    }
    float[] z = new float[s.n() * p];
    float[] x = s.x();
    for (int i = 0; i < s.n(); i++) {
      for (int j = 0; j < p; j++) {
        double acc = 0;
        for (int r = 0; r < d; r++) {
          acc += x[i * d + r] * basis[r * p + j];
        }
        z[i * p + j] = (float) acc;
      }
    }
    return z;
  }

  private static double validationMse(float[] z, float[] y, int n, float[] w, int p) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double pred = 0;
      for (int j = 0; j < p; j++) {
        pred += (double) z[i * p + j] * w[j];
      }
      double e = pred - y[i];
      s += e * e;
    }
    // A diverged run (huge learning rate) scores as infinitely bad rather than poisoning the choice.
    return Double.isFinite(s) ? s / n : Double.POSITIVE_INFINITY;
  }

  private static double[] lift(float[] w, double[] basis, int d, int p) {
    double[] out = new double[d];
    for (int r = 0; r < d; r++) {
      if (basis == null) {
        out[r] = w[r];
      } else {
        double s = 0;
        for (int j = 0; j < p; j++) {
          s += basis[r * p + j] * w[j];
        }
        out[r] = s;
      }
    }
    return out;
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double e = a[i] - b[i];
      s += e * e;
    }
    return Math.sqrt(s);
  }
}
