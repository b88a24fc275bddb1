package org.probity.privacy.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.train.TrainConfig;
import org.probity.core.train.TrainResult;
import org.probity.core.train.Trainer;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/** DP-SGD assembled: its non-private limit, its accounting, its budget stop and its bad input. */
class DpSgdTest {
  private static final LossFunction CE = LossFunction.crossEntropy();

  /** Two Gaussian blobs per class in 6 dimensions: learnable, so training has something to do. */
  private static Dataset blobs(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * 6];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(3);
      for (int j = 0; j < 6; j++) {
        x[i * 6 + j] = (float) (rng.nextGaussian() + (j % 3 == y[i] ? 2.0 : 0.0));
      }
    }
    return Dataset.classification("blobs", Tensor.of(x, n, 6), y, 3);
  }

  private static Sequential mlp(long seed) {
    return new Sequential(new Linear(6, 8, new Rng(seed)), new ReLU(), new Linear(8, 3, new Rng(seed + 1)));
  }

  private static float[] weights(Sequential m) {
    return m.params().flatten().data();
  }

  /** SGD and DP-SGD with σ = 0, C = ∞ on the same shuffled batches; returns both final weight vectors. */
  private static float[][] sgdAndDpSgd(int batch) {
    Dataset train = blobs(96, 1);
    TrainConfig config = TrainConfig.ofSteps(24, batch, 7);
    Sequential plain = mlp(2);
    new Trainer(config).fit(plain, CE, Mean.INSTANCE, Optimizers.sgd(0.3), train, null);
    Sequential dp = mlp(2);
    new Trainer(config)
        .gradientOracle(new ClippedGradient(Double.POSITIVE_INFINITY))
        .fit(dp, CE, Mean.INSTANCE, DpTransforms.dpSgd(0.3, 0, Double.POSITIVE_INFINITY, batch, new Rng(3)), train,
            null);
    return new float[][] {weights(plain), weights(dp)};
  }

  @Test
  void withoutNoiseAndClippingDpSgdIsSgdBitForBitWhenTheBatchIsAPowerOfTwo() {
    // Sum-then-divide by 16 is exact, and the weighted GEMMs with unit weights are SGD's own GEMMs.
    float[][] w = sgdAndDpSgd(16);
    assertArrayEquals(w[0], w[1], 0f);
  }

  @Test
  void withoutNoiseAndClippingDpSgdIsSgdUpToRoundingOtherwise() {
    float[][] w = sgdAndDpSgd(12);
    double diff = 0;
    double ref = 0;
    for (int i = 0; i < w[0].length; i++) {
      diff = Math.max(diff, Math.abs(w[0][i] - w[1][i]));
      ref = Math.max(ref, Math.abs(w[0][i]));
    }
    // Mean-then-backprop against sum-then-divide-by-12 differs only by float rounding.
    assertTrue(diff <= 1e-6 * ref, "DP-SGD with σ=0, C=∞ moved " + diff + " away from SGD (max |w| " + ref + ")");
  }

  @Test
  void dpAdamAndDpRmsPropAreTheirOptimisersBehindTheNoiseLink() {
    Dataset train = blobs(64, 21);
    TrainConfig config = TrainConfig.ofSteps(12, 16, 22);
    for (boolean adam : new boolean[] {true, false}) {
      Sequential plain = mlp(23);
      new Trainer(config).fit(plain, CE, Mean.INSTANCE, adam ? Optimizers.adam(0.01) : Optimizers.rmsprop(0.01),
          train, null);
      Sequential dp = mlp(23);
      double inf = Double.POSITIVE_INFINITY;
      new Trainer(config).gradientOracle(new ClippedGradient(inf)).fit(dp, CE, Mean.INSTANCE,
          adam ? DpTransforms.dpAdam(0.01, 0, inf, 16, new Rng(1)) : DpTransforms.dpRmsProp(0.01, 0, inf, 16, new Rng(1)),
          train, null);
      float[] a = weights(plain);
      float[] b = weights(dp);
      for (int i = 0; i < a.length; i++) {
        // Adam and RMSProp divide by √v, which amplifies rounding of tiny gradients; 1e-5 absolute.
        assertEquals(a[i], b[i], 1e-5, (adam ? "dp-adam" : "dp-rmsprop") + " weight " + i);
      }
    }
  }

  @Test
  void theRunSpendsWhatTheAccountantSaysAndReportsEpsilonAtEveryEvaluation() {
    Dataset train = blobs(200, 4);
    DpSgd dp = DpSgd.builder().clipNorm(1.0).noiseMultiplier(1.1).sampleRate(0.1).delta(1e-3).build();
    TrainConfig config = TrainConfig.ofSteps(30, 20, 5).withEvalEvery(7);
    DpResult r = dp.fit(config, mlp(6), CE, Optimizers.sgd(0.1), train, train);
    assertEquals(30, r.train().steps());
    RdpAccountant direct = new RdpAccountant();
    direct.step(1.1, 0.1, 30);
    // The listener composes the steps in pieces (7 + 7 + 7 + 7 + 2), so only rounding may differ.
    assertEquals(direct.spent(1e-3).epsilon(), r.spent().epsilon(), 1e-12 * r.spent().epsilon());
    List<PrivacyListener.Record> evals = r.privacy();
    assertEquals(List.of(7, 14, 21, 28, 30), evals.stream().map(PrivacyListener.Record::step).toList());
    for (PrivacyListener.Record rec : evals) {
      RdpAccountant a = new RdpAccountant();
      a.step(1.1, 0.1, rec.step());
      assertEquals(a.spent(1e-3).epsilon(), rec.spent().epsilon(), 1e-12 * rec.spent().epsilon(),
          "ε at step " + rec.step());
    }
    assertNull(r.stopReason());
    assertTrue(r.guarantee().startsWith(String.format(java.util.Locale.ROOT, "(ε=%.2f, δ=0.001)-DP for each training"
        + " example, by RDP accounting of 30 subsampled Gaussian steps, q=0.1, σ=1.1", r.spent().epsilon())),
        r.guarantee());
  }

  @Test
  void aBudgetStopsBeforeTheStepThatWouldExceedItAndSavesTheLastCheckpoint(@TempDir Path dir) throws Exception {
    Dataset train = blobs(100, 8);
    double sigma = 0.9;
    double q = 0.2;
    double delta = 1e-3;
    long allowed = 12;
    // A budget just above ε(12 steps) and below ε(13 steps).
    double e12 = NoiseCalibration.epsilon(sigma, q, allowed, delta);
    double e13 = NoiseCalibration.epsilon(sigma, q, allowed + 1, delta);
    double budget = (e12 + e13) / 2;
    DpSgd dp = DpSgd.builder().clipNorm(0.5).noiseMultiplier(sigma).sampleRate(q).delta(delta).budget(budget).build();
    assertEquals(allowed, dp.maxSteps());
    DpPlan plan = dp.plan(TrainConfig.ofEpochs(10, 20, 9), train.size());
    assertEquals(50, plan.requestedSteps(), "10 epochs at q=0.2 are 50 draws");
    assertEquals(allowed, plan.steps());
    assertTrue(plan.stopsEarly());
    assertTrue(plan.stopReason().contains("budget") && plan.stopReason().contains("12 of the 50"), plan.stopReason());

    PrivacyListener privacy = new PrivacyListener(dp.accountant(), sigma, q, delta);
    Sequential model = mlp(10);
    TrainResult r = dp.trainer(plan, train, privacy)
        .checkpoints(dir, null)
        .fit(model, CE, Mean.INSTANCE, dp.optimizer(Optimizers.sgd(0.1), train.size(), DpSgd.noiseStream(9)), train,
            null);
    assertEquals(allowed, r.steps());
    assertTrue(privacy.spent().epsilon() <= budget);
    assertTrue(dp.spentAfter(allowed + 1).epsilon() > budget);
    assertEquals(1, r.checkpoints().size());
    assertTrue(r.checkpoints().get(0).getFileName().toString().contains("12"), r.checkpoints().toString());
    assertTrue(Files.exists(r.checkpoints().get(0)));
  }

  @Test
  void aBudgetThatPaysForNoStepIsAnErrorNamingTheCostOfOne() {
    DpSgd dp = DpSgd.builder().clipNorm(1).noiseMultiplier(0.5).sampleRate(0.5).delta(1e-5).budget(0.01).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dp.plan(TrainConfig.ofSteps(5, 10, 1), 20));
    assertTrue(e.getMessage().contains("does not pay for one step") && e.getMessage().contains("ε="), e.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(1).noiseMultiplier(1).sampleRate(0.1).delta(1e-5).budget(0).build());
    assertTrue(zero.getMessage().contains("budget"), zero.getMessage());
  }

  @Test
  void badSettingsAreRefusedAndALargeDeltaWarns() {
    assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(1).noiseMultiplier(0).sampleRate(0.1).delta(1e-5).build());
    assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(1).noiseMultiplier(1).sampleRate(1.5).delta(1e-5).build());
    assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(1).noiseMultiplier(1).sampleRate(0).delta(1e-5).build());
    assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(0).noiseMultiplier(1).sampleRate(0.1).delta(1e-5).build());
    assertThrows(IllegalArgumentException.class,
        () -> DpSgd.builder().clipNorm(1).noiseMultiplier(1).sampleRate(0.1).delta(1).build());
    DpSgd dp = DpSgd.builder().clipNorm(1).noiseMultiplier(1).sampleRate(0.1).delta(0.02).build();
    DpPlan plan = dp.plan(TrainConfig.ofSteps(5, 10, 1), 100);
    assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("1/n")), plan.warnings().toString());
  }

  @Test
  void noiseForATargetEpsilonSolvesSigma() {
    DpSgd dp = DpSgd.builder().clipNorm(1).noiseFor(1.0, 500).sampleRate(0.01).delta(1e-5).build();
    assertTrue(dp.spentAfter(500).epsilon() <= 1.0 + 1e-9);
    assertTrue(dp.noiseMultiplier() > 0.5 && dp.noiseMultiplier() < 5, "σ = " + dp.noiseMultiplier());
  }

  @Test
  void aPrivateRunRepeatsExactlyAndStillLearns() {
    Dataset train = blobs(300, 11);
    DpSgd dp = DpSgd.builder().clipNorm(1.0).noiseMultiplier(0.8).sampleRate(0.1).delta(1e-4).build();
    TrainConfig config = TrainConfig.ofEpochs(8, 30, 12);
    Sequential a = mlp(13);
    Sequential b = mlp(13);
    DpResult ra = dp.fit(config, a, CE, Optimizers.sgd(0.5), train, train);
    dp.fit(config, b, CE, Optimizers.sgd(0.5), train, train);
    assertArrayEquals(weights(a), weights(b), 0f);
    double acc = ra.train().evalMetrics().get("accuracy");
    assertTrue(acc > 0.7, "DP-SGD should learn the blobs, accuracy " + acc);
  }
}
