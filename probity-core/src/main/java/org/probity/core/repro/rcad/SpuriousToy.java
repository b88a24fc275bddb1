package org.probity.core.repro.rcad;

import org.probity.core.repro.SeedStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.train.GradientOracle;
import org.probity.core.train.Rcad;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.Trainer;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * RCAD's theory setting (Setlur et al., NeurIPS 2022, §5: in a linear model RCAD provably unlearns
 * spurious features) as an experiment: binary labels y = ±1, one core feature y·γ that separates
 * the classes with margin γ, and d = 50 Gaussian features independent of y, so any correlation
 * with the label in n = 40 training points is chance. With d &gt; n the training set is separable
 * by the spurious features alone, and logistic regression trained long puts weight on them;
 * RCAD's entropy term at x − α·y·ŵ penalises confidence that rests on directions with small
 * per-example margins, which the chance correlations are. Both runs share data, initial weights
 * and optimiser; the spurious weight norm is ‖w₁..w₅₀‖₂ of the trained weight vector. Why α must
 * exceed the core margin γ: with the unit direction −y·ŵ, the entropy at x_adv is highest when
 * every point's geometric margin equals α, so α &gt; γ asks for margins the core feature alone
 * cannot give at the current norm and the term shrinks the weights that add only per-point
 * variance to the margins (the spurious ones); α &lt; γ instead rewards growing them. α and λ were
 * fixed on a pilot with seeds disjoint from the reproduction's.
 */
final class SpuriousToy {
  static final int N = 40;
  static final int N_TEST = 2000;
  static final int D = 50;
  static final double GAMMA = 1.0;
  static final double SIGMA = 1.0;
  static final int STEPS = 2000;
  static final double LEARNING_RATE = 0.5;
  static final double ALPHA = 1.5;
  static final double LAMBDA = 1.0;
  static final double NORM_RATIO = 0.7;

  static final Claim CLAIM = new Claim("spurious-toy",
      "Spurious-feature toy (y = +-1; x = [y * 1.0, xi], xi ~ N(0, I_50) independent of y; n = 40 training points,"
          + " 2,000 test points; logistic regression, full-batch gradient descent lr 0.5 for 2,000 steps, same"
          + " initial weights): with RCAD (alpha = 1.5 = 1.5 x the core margin, so that x_adv crosses the boundary as the theory needs;"
          + " lambda = 1.0; both fixed on pilot seeds disjoint from the run's) the L2 norm of the weights on"
          + " the 50 spurious features is <= 0.7 x ERM's and the test accuracy is higher than ERM's (means over 10"
          + " seeds).");

  private SpuriousToy() {}

  static ClaimResult run(int seeds, Rng rng) {
    double[] ermNorm = new double[seeds];
    double[] rcadNorm = new double[seeds];
    double[] ermAcc = new double[seeds];
    double[] rcadAcc = new double[seeds];
    double[] ermCore = new double[seeds];
    double[] rcadCore = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      Rng r = rng.derive(s);
      Dataset train = sample(N, r.derive("train-data"));
      Dataset test = sample(N_TEST, r.derive("test-data"));
      long trainSeed = r.derive("train").nextLong();
      double[] e = fit(GradientOracle.backprop(), train, test, r.derive("model"), trainSeed);
      double[] c = fit(Rcad.of(ALPHA, LAMBDA), train, test, r.derive("model"), trainSeed);
      ermNorm[s] = e[0];
      ermCore[s] = e[1];
      ermAcc[s] = e[2];
      rcadNorm[s] = c[0];
      rcadCore[s] = c[1];
      rcadAcc[s] = c[2];
    }
    double en = SeedStats.mean(ermNorm);
    double cn = SeedStats.mean(rcadNorm);
    double ea = SeedStats.mean(ermAcc);
    double ca = SeedStats.mean(rcadAcc);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("erm_spurious_norm", en);
    m.put("rcad_spurious_norm", cn);
    m.put("norm_ratio", cn / en);
    m.put("erm_core_weight", SeedStats.mean(ermCore));
    m.put("rcad_core_weight", SeedStats.mean(rcadCore));
    m.put("erm_accuracy", ea);
    m.put("rcad_accuracy", ca);
    m.put("accuracy_gain_std", SeedStats.std(diff(rcadAcc, ermAcc)));
    boolean normOk = cn <= NORM_RATIO * en;
    boolean accOk = ca > ea;
    String note = String.format("%s; spurious weight norm RCAD %.3f vs ERM %.3f, ratio %.3f (need <= 0.70)%s; test"
        + " accuracy RCAD %.4f vs ERM %.4f (need higher)%s.", SeedStats.seeds(seeds), cn, en, cn / en,
        normOk ? "" : " FAILED", ca, ea, accOk ? "" : " FAILED");
    return new ClaimResult(CLAIM, m, normOk && accOk, note);
  }

  /** {spurious weight norm, core weight, test accuracy} of logistic regression trained by {@code oracle}. */
  static double[] fit(GradientOracle oracle, Dataset train, Dataset test, Rng model, long trainSeed) {
    Module lr = Models.build(ModelSpec.logistic(), train, model);
    TrainConfig config = TrainConfig.ofSteps(STEPS, N, trainSeed).withLogEvery(STEPS);
    new Trainer(config).gradientOracle(oracle)
        .fit(lr, LossFunction.binaryLogistic(), Mean.INSTANCE, Optimizers.sgd(LEARNING_RATE), train, null);
    float[] w = lr.params().get("0.weight").data();
    double sq = 0;
    for (int j = 1; j <= D; j++) {
      sq += (double) w[j] * w[j];
    }
    double acc = Evaluator.evaluate(lr, test, LossFunction.binaryLogistic()).values().get(Metrics.ACCURACY);
    return new double[] {Math.sqrt(sq), w[0], acc};
  }

  /** {@code n} points with balanced random labels: the core feature y·γ first, then D N(0, σ²) features. */
  static Dataset sample(int n, Rng rng) {
    int cols = D + 1;
    float[] x = new float[n * cols];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextDouble() < 0.5 ? 0 : 1;
      x[i * cols] = (float) ((2 * y[i] - 1) * GAMMA);
      for (int j = 1; j < cols; j++) {
        x[i * cols + j] = (float) (SIGMA * rng.nextGaussian());
      }
    }
    return Dataset.classification("spurious-toy", Tensor.wrap(x, org.probity.tensor.Shape.of(n, cols)), y, 2);
  }

  private static double[] diff(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }
}
