package org.probity.privacy.repro;

import java.util.ArrayList;
import java.util.List;
import org.probity.privacy.optim.Dp2;
import org.probity.privacy.optim.Privatizer;
import org.probity.privacy.optim.PrivateOptimizer;
import org.probity.privacy.optim.PrivatizeThen;
import org.probity.tensor.Rng;

/**
 * One seed of the DP² comparison (notes §8, calibrated setting): the two-scale logistic task
 * (d = 200, 10k train, 2k validation, 2k test), Poisson batches of expected size 64 (q = 0.0064),
 * σ = 1, 10 epochs = 1,560 steps, δ = 1e-5 — the same (q, σ, T), hence the same ε, for every
 * method. DP-SGD, DP-RMSProp and DP²-RMSProp each run their grid on the same batches; each
 * method's setting is chosen on validation accuracy and scored on test.
 */
final class Dp2Experiment {
  static final int TRAIN = 10_000;
  static final int VALIDATION = 2_000;
  static final int TEST = 2_000;
  static final int BATCH = 64;
  static final int EPOCHS = 10;
  static final double SIGMA = 1.0;
  static final double DELTA = 1e-5;
  static final double CLIP = 1.0;
  /** DP²'s DP-SGD phase uses the notes' η1 = 1 and C1 = 1; γ = 0.9 as the official default. */
  static final double DP2_LR1 = 1.0;
  static final double DECAY = 0.9;
  /** The DP-RMSProp baseline's ε, from the official IMDB command. */
  static final double RMS_EPS = 1e-3;

  private Dp2Experiment() {}

  static double sampleRate() {
    return (double) BATCH / TRAIN;
  }

  /** ⌊n/B⌋ · epochs, as the official {@code compute_privacy_sgm.py}. */
  static long steps() {
    return (long) (TRAIN / BATCH) * EPOCHS;
  }

  /** One DP² setting: delay s, second clip C2, second learning rate η2, ε_A. */
  record Dp2Setting(int delay, double clip2, double lr2, double epsA) {
    @Override
    public String toString() {
      return "s=" + delay + " C2=" + clip2 + " η2=" + lr2 + " εA=" + epsA;
    }
  }

  /** Each method's hyper-parameter grid. */
  record Grid(double[] dpSgdLrs, double[] rmsLrs, List<Dp2Setting> dp2) {
    /** 4 DP-SGD, 4 DP-RMSProp and 12 DP² settings (s ∈ {1, 39, 78} × four (C2, η2) pairs). */
    static Grid full() {
      List<Dp2Setting> d = new ArrayList<>();
      for (int s : new int[] {39, 1, 78}) {
        d.add(new Dp2Setting(s, 0.3, 30, 1e-5));
        d.add(new Dp2Setting(s, 1, 10, 1e-5));
        d.add(new Dp2Setting(s, 0.3, 10, 1e-5));
        d.add(new Dp2Setting(s, 1, 3, 1e-5));
      }
      return new Grid(new double[] {1, 3, 0.3, 10}, new double[] {0.03, 0.01, 0.1, 0.3}, d);
    }

    /** 2 DP-SGD, 2 DP-RMSProp and 4 DP² settings (s ∈ {1, 39} × two pairs). */
    static Grid quick() {
      List<Dp2Setting> d = List.of(new Dp2Setting(39, 0.3, 30, 1e-5), new Dp2Setting(39, 1, 10, 1e-5),
          new Dp2Setting(1, 0.3, 10, 1e-5), new Dp2Setting(1, 1, 3, 1e-5));
      return new Grid(new double[] {1, 3}, new double[] {0.03, 0.1}, d);
    }

    int size() {
      return dpSgdLrs.length + rmsLrs.length + dp2.size();
    }
  }

  /**
   * What one seed measured: each method's validation-chosen trial, DP²'s best trials with and
   * without delay (s = 1 vs s > 1), every trial, and the Bayes accuracy on test for scale.
   */
  record Outcome(Trial dpSgd, Trial dpRmsProp, Trial dp2, Trial dp2NoDelay, Trial dp2Delayed, List<Trial> all,
      double bayes) {}

  static Outcome run(Grid grid, Rng rng) {
    TwoScaleLogistic.Task task = TwoScaleLogistic.generate(TwoScaleLogistic.Config.notes(), TRAIN, VALIDATION, TEST,
        rng.derive("task"));
    Rng batches = rng.derive("batches");
    Rng noise = rng.derive("noise");
    Privatizer release = new Privatizer(CLIP, SIGMA, BATCH);
    List<Trial> sgd = new ArrayList<>();
    for (double lr : grid.dpSgdLrs()) {
      sgd.add(trial("dp-sgd", "lr=" + lr, PrivatizeThen.dpSgd(release, lr, noise), task, batches));
    }
    List<Trial> rms = new ArrayList<>();
    for (double lr : grid.rmsLrs()) {
      rms.add(trial("dp-rmsprop", "lr=" + lr + " eps=" + RMS_EPS,
          PrivatizeThen.dpRmsProp(release, lr, DECAY, RMS_EPS, noise), task, batches));
    }
    List<Trial> dp2 = new ArrayList<>();
    List<Trial> noDelay = new ArrayList<>();
    List<Trial> delayed = new ArrayList<>();
    for (Dp2Setting s : grid.dp2()) {
      Dp2.Config c = new Dp2.Config(Dp2.Variant.RMSPROP, s.delay(), CLIP, s.clip2(), DP2_LR1, s.lr2(), DECAY, s.epsA(),
          SIGMA, BATCH);
      Trial t = trial("dp2", s.toString(), new Dp2(c, noise), task, batches);
      dp2.add(t);
      (s.delay() == 1 ? noDelay : delayed).add(t);
    }
    List<Trial> all = new ArrayList<>(sgd);
    all.addAll(rms);
    all.addAll(dp2);
    return new Outcome(Trial.best(sgd), Trial.best(rms), Trial.best(dp2), noDelay.isEmpty() ? null : Trial.best(noDelay),
        delayed.isEmpty() ? null : Trial.best(delayed), all, TwoScaleLogistic.bayesAccuracy(task, task.test()));
  }

  /** Every method draws the same batches (common random numbers) and its own pass over the noise stream. */
  private static <S> Trial trial(String method, String setting, PrivateOptimizer<S> opt, TwoScaleLogistic.Task task,
      Rng batches) {
    PrivateLogistic.Outcome o = PrivateLogistic.train(opt, task.train(), sampleRate(), steps(), DELTA, batches);
    return new Trial(method, setting, PrivateLogistic.accuracy(o.model(), task.validation()),
        PrivateLogistic.accuracy(o.model(), task.test()), o.epsilon());
  }
}
