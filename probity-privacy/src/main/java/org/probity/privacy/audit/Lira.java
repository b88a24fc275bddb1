package org.probity.privacy.audit;

import java.util.Locale;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * The Likelihood Ratio Attack, LiRA (Carlini, Chien, Nasr, Song, Terzis, Tramèr, "Membership
 * Inference Attacks From First Principles", S&amp;P 2022). Shadow models are trained with the
 * target's recipe on random halves of the attacker's data; for each query the logit-scaled
 * confidence φ of the shadows that trained on it (IN) and did not (OUT) is fitted by a Gaussian,
 * and the target's φ is scored by the likelihood ratio. Online: the queries join the shadow pool,
 * each in exactly half of the shadows, and the score is log N(φ; μ_in, σ_in) − log N(φ; μ_out,
 * σ_out). Offline: shadows train on the attacker's data only, all are OUT, and the score is the
 * one-sided test's −log Pr[Z ≥ φ] for Z ~ N(μ_out, σ_out), which keeps ranking where the
 * likelihood saturates. With few shadows per-example variances are noisy, so the paper's
 * fixed-variance variant replaces them by one variance pooled over all queries. Because the
 * shadows only see the attacker's data, a query from a class missing there has an uninformative
 * OUT distribution: the failure the mia-unseen paper (Thaker et al. 2025) measures.
 */
public final class Lira implements MembershipAttack {
  /** Whether the queries are part of the shadow training pool. */
  public enum Variant { ONLINE, OFFLINE }

  /** Floor on a fitted standard deviation, so identical shadow outputs do not divide by zero. */
  static final double MIN_SD = 1e-3;

  private final ShadowRecipe recipe;
  private final Dataset attackerData;
  /** Rows every shadow trains on, or null. */
  private final Dataset base;
  private final int shadows;
  private final Variant variant;
  private final boolean fixedVariance;
  private final Rng rng;

  public Lira(ShadowRecipe recipe, Dataset attackerData, int shadows, Variant variant, boolean fixedVariance,
      Rng rng) {
    this(recipe, requireData(attackerData), null, shadows, variant, fixedVariance, rng);
  }

  /**
   * Online LiRA whose shadow pool is the queries alone, as an auditor who owns the data runs it
   * (Carlini et al. 2022, §IV): each query trains half of the shadows, and every shadow also
   * trains on all of {@code base} (null for none), the rows whose membership is not in question,
   * such as the target's training set when the queries are inserted canaries.
   */
  public static Lira onQueries(ShadowRecipe recipe, Dataset base, int shadows, boolean fixedVariance, Rng rng) {
    return new Lira(recipe, null, base, shadows, Variant.ONLINE, fixedVariance, rng);
  }

  private static Dataset requireData(Dataset attackerData) {
    if (attackerData == null) {
      throw new IllegalArgumentException("lira: attacker data are required");
    }
    return attackerData;
  }

  private Lira(ShadowRecipe recipe, Dataset attackerData, Dataset base, int shadows, Variant variant,
      boolean fixedVariance, Rng rng) {
    if (recipe == null || variant == null || rng == null) {
      throw new IllegalArgumentException("lira: recipe, variant and rng are required");
    }
    int min = variant == Variant.ONLINE ? 2 : 1;
    if (shadows < min || (variant == Variant.ONLINE && shadows % 2 != 0)) {
      throw new IllegalArgumentException("lira: " + variant.name().toLowerCase(Locale.ROOT) + " needs "
          + (variant == Variant.ONLINE ? "an even number of at least 2" : "at least 1") + " shadow models, got "
          + shadows);
    }
    checkClasses("attacker data", attackerData, recipe);
    checkClasses("base data", base, recipe);
    if (attackerData != null && attackerData.size() < 2) {
      throw new IllegalArgumentException("lira: attacker data needs at least 2 examples to halve, got "
          + attackerData.size());
    }
    this.recipe = recipe;
    this.attackerData = attackerData;
    this.base = base;
    this.shadows = shadows;
    this.variant = variant;
    this.fixedVariance = fixedVariance;
    this.rng = rng;
  }

  private static void checkClasses(String what, Dataset d, ShadowRecipe recipe) {
    if (d != null && (!d.isClassification() || d.numClasses() != recipe.classes())) {
      throw new IllegalArgumentException("lira: " + what + " '" + d.name() + "' has "
          + (d.isClassification() ? d.numClasses() + " classes" : "no class labels")
          + " but the target model has " + recipe.classes() + " classes");
    }
  }

  @Override
  public String name() {
    return "lira-" + variant.name().toLowerCase(Locale.ROOT) + (fixedVariance ? "(fixed-variance)" : "");
  }

  @Override
  public double[] score(Module target, Dataset queries) {
    if (queries.isClassification() && queries.numClasses() != recipe.classes()) {
      throw new IllegalArgumentException("lira: queries '" + queries.name() + "' have " + queries.numClasses()
          + " classes but the target model has " + recipe.classes());
    }
    double[] phi = MembershipScores.of(target, queries).logitConfidence();
    int m = queries.size();
    int a = attackerData == null ? 0 : attackerData.size();
    boolean online = variant == Variant.ONLINE;
    Dataset pool = !online ? attackerData : attackerData == null ? queries : attackerData.append(queries);
    int p = pool.size();
    // in[k][i]: whether pool example i trains shadow k. Online, each example is in exactly half of
    // the shadows, so every query has IN and OUT fits; offline, each shadow takes a random half.
    boolean[][] in = new boolean[shadows][p];
    Rng split = rng.derive("split");
    if (online) {
      for (int i = 0; i < p; i++) {
        int[] order = split.permutation(shadows);
        for (int j = 0; j < shadows / 2; j++) {
          in[order[j]][i] = true;
        }
      }
    } else {
      for (int k = 0; k < shadows; k++) {
        int[] order = split.derive(k).permutation(p);
        for (int j = 0; j < p / 2; j++) {
          in[k][order[j]] = true;
        }
      }
    }
    double[] sumIn = new double[m];
    double[] sqIn = new double[m];
    int[] nIn = new int[m];
    double[] sumOut = new double[m];
    double[] sqOut = new double[m];
    int[] nOut = new int[m];
    for (int k = 0; k < shadows; k++) {
      int count = 0;
      for (int i = 0; i < p; i++) {
        count += in[k][i] ? 1 : 0;
      }
      int[] idx = new int[count];
      for (int i = 0, c = 0; i < p; i++) {
        if (in[k][i]) {
          idx[c++] = i;
        }
      }
      Dataset rows = base == null ? pool.subset(idx) : base.append(pool.subset(idx));
      Module shadow = recipe.train(rows, rng.derive("shadow").derive(k));
      double[] s = MembershipScores.of(shadow, queries).logitConfidence();
      for (int j = 0; j < m; j++) {
        if (online && in[k][a + j]) {
          sumIn[j] += s[j];
          sqIn[j] += s[j] * s[j];
          nIn[j]++;
        } else {
          sumOut[j] += s[j];
          sqOut[j] += s[j] * s[j];
          nOut[j]++;
        }
      }
    }
    double[][] out = fit(sumOut, sqOut, nOut);
    if (!online) {
      double[] scores = new double[m];
      for (int j = 0; j < m; j++) {
        scores[j] = offlineScore(phi[j], out[0][j], out[1][j]);
      }
      return scores;
    }
    double[][] inFit = fit(sumIn, sqIn, nIn);
    double[] scores = new double[m];
    for (int j = 0; j < m; j++) {
      scores[j] = logLikelihoodRatio(phi[j], inFit[0][j], inFit[1][j], out[0][j], out[1][j]);
    }
    return scores;
  }

  /** Means and standard deviations per query ({ mean[], sd[] }), the sd pooled when fixedVariance. */
  private double[][] fit(double[] sum, double[] sq, int[] n) {
    int m = sum.length;
    double[] mean = new double[m];
    double[] sd = new double[m];
    double pooledSq = 0;
    long pooledN = 0;
    for (int j = 0; j < m; j++) {
      mean[j] = sum[j] / n[j];
      double ss = Math.max(0, sq[j] - n[j] * mean[j] * mean[j]);
      pooledSq += ss;
      pooledN += n[j];
      sd[j] = n[j] > 1 ? Math.sqrt(ss / (n[j] - 1)) : Double.NaN;
    }
    double pooled = Math.sqrt(pooledSq / Math.max(1, pooledN - m));
    for (int j = 0; j < m; j++) {
      double s = fixedVariance || Double.isNaN(sd[j]) ? pooled : sd[j];
      sd[j] = Math.max(MIN_SD, Double.isFinite(s) ? s : MIN_SD);
    }
    return new double[][] {mean, sd};
  }

  /** log N(x; μ, σ²). */
  static double gaussianLogPdf(double x, double mu, double sd) {
    double z = (x - mu) / sd;
    return -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
  }

  /** The online statistic: log N(φ; μ_in, σ_in) − log N(φ; μ_out, σ_out). */
  static double logLikelihoodRatio(double phi, double muIn, double sdIn, double muOut, double sdOut) {
    return gaussianLogPdf(phi, muIn, sdIn) - gaussianLogPdf(phi, muOut, sdOut);
  }

  /** The offline statistic: −log Pr[Z ≥ φ] for Z ~ N(μ_out, σ_out), the one-sided test's −log p-value. */
  static double offlineScore(double phi, double muOut, double sdOut) {
    return -logUpperTail((phi - muOut) / sdOut);
  }

  /**
   * log(1 − Φ(z)) = log(erfc(z/√2) / 2), finite for all z: for z ≥ 0 from Numerical Recipes'
   * Chebyshev form of erfc (fractional error below 1.2e-7), whose exponent is taken in log space.
   */
  static double logUpperTail(double z) {
    double x = z / Math.sqrt(2);
    if (x >= 0) {
      return logErfcNonNegative(x) - Math.log(2);
    }
    return Math.log1p(-0.5 * Math.exp(logErfcNonNegative(-x)));
  }

  private static double logErfcNonNegative(double x) {
    double t = 1.0 / (1.0 + 0.5 * x);
    double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
        + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    return Math.log(t) + poly;
  }
}
