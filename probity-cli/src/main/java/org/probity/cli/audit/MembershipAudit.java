package org.probity.cli.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.probity.cli.BadInputException;
import org.probity.core.data.Dataset;
import org.probity.privacy.audit.AuditTable;
import org.probity.privacy.audit.Canaries;
import org.probity.privacy.audit.EmpiricalEpsilon;
import org.probity.privacy.audit.Lira;
import org.probity.privacy.audit.MembershipAttack;
import org.probity.privacy.audit.QuantileRegressionAttack;
import org.probity.privacy.audit.Roc;
import org.probity.privacy.audit.ThresholdAttack;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * One membership-inference audit of a run (the procedure behind {@code probity audit mia}): which
 * rows are attacked, which model, and how the attack is fitted. On the training data, the run's own
 * model is attacked on its saved members against its held-out rows, measuring what this model leaks
 * about the data it saw. With canaries (Jagielski et al. 2020; Carlini et al. 2022), N mislabeled
 * copies of held-out rows are made, exactly half of them (chosen at random) are added to the
 * training rows, the model is trained again with the run's own recipe, and the attack must tell the
 * inserted canaries from the others: mislabeled rows are what a model memorises most, so this is
 * the audit of the worst case that DP promises to bound. The empirical ε lower bound is computed on
 * half of the scores at a threshold chosen on the other half, so its confidence holds as stated,
 * and at the accountant's δ when the run is private.
 */
public final class MembershipAudit {
  /** The attacks the CLI offers. */
  public enum Attack {
    THRESHOLD, QUANTILE, LIRA;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What to run: the attack, the number of canaries (null: attack the training data), shadow
   * models for LiRA, the seed of everything random in the audit, the FPRs of the table (null: the
   * table's defaults, an FPR the non-members cannot resolve then shown as not measured; given
   * explicitly, such an FPR is an error), δ for runs without a guarantee, the confidence and the
   * bootstrap resamples.
   */
  public record Settings(Attack attack, Integer canaries, int shadows, long seed, double[] fprs, double delta,
      double confidence, int resamples) {
    public Settings {
      if (attack == null) {
        throw new IllegalArgumentException("audit settings: attack must not be null");
      }
      fprs = fprs == null ? null : fprs.clone();
    }

    public double[] fprs() {
      return fprs == null ? null : fprs.clone();
    }
  }

  private MembershipAudit() {}

  /** Checks {@code s} against the target before anything is trained. */
  public static void check(AuditTarget t, Settings s) {
    if (s.attack() == Attack.LIRA && (s.shadows() < 2 || s.shadows() % 2 != 0)) {
      throw new BadInputException("--shadows " + s.shadows() + ": online LiRA needs an even number of at least 2"
          + " shadow models (each row trains exactly half of them)");
    }
    if (s.canaries() != null) {
      int n = s.canaries();
      if (n < 2) {
        throw new BadInputException("--canaries " + n + ": at least 2 are needed, half inserted and half held out");
      }
      int out = n - n / 2;
      for (double fpr : fprs(s)) {
        long need = (long) Math.ceil(1 / fpr - 1e-9);
        if (out < need) {
          throw new BadInputException(String.format(Locale.ROOT, "--canaries %d leaves %d non-member canaries, too"
                  + " few to measure the TPR at %s FPR (it needs at least %d, so --canaries %d); use more canaries"
                  + " or a larger --fpr", n, out, percent(fpr), need, 2 * need));
        }
      }
      if (n > t.members().size()) {
        throw new BadInputException("--canaries " + n + " is more than the " + t.members().size() + " training rows"
            + " of run " + t.runId() + "; canaries must stay a small share of the data, or they change what the"
            + " model learns");
      }
    } else if (s.fprs() != null) {
      int out = s.attack() == Attack.QUANTILE ? t.nonMembers().size() / 2 : t.nonMembers().size();
      for (double fpr : s.fprs()) {
        long need = (long) Math.ceil(1 / fpr - 1e-9);
        if (out < need) {
          throw new BadInputException(String.format(Locale.ROOT, "--fpr %s: run %s has %d held-out rows to attack"
              + " as non-members%s, too few to measure the TPR at %s FPR (it needs at least %d)", fpr, t.runId(), out,
              s.attack() == Attack.QUANTILE ? " (the other half fits the quantile model)" : "", percent(fpr), need));
        }
      }
    }
  }

  /** Runs the audit of {@code t}; {@code log} hears what is being trained. */
  public static AuditResult run(AuditTarget t, Settings s, Consumer<String> log) {
    check(t, s);
    long start = System.nanoTime();
    Rng rng = new Rng(s.seed());
    Scores sc = s.canaries() == null ? onTrainingData(t, s, rng, log) : onCanaries(t, s, rng, log);
    double delta = t.delta() != null ? t.delta() : s.delta();
    EmpiricalEpsilon.Result eps = EmpiricalEpsilon.heldOut(sc.members, sc.nonMembers, delta, s.confidence(),
        rng.derive("epsilon-split"));
    Roc roc = Roc.of(sc.members, sc.nonMembers);
    AuditTable table = AuditTable.of(roc, fprs(s), eps, delta, s.confidence(), s.resamples(), rng.derive("bootstrap"));
    String population = s.canaries() == null ? "training data" : s.canaries() + " canaries";
    return new AuditResult(t.runId(), t.variant(), s.attack().label(), population, roc, table,
        t.accountantEpsilon(), t.delta(), t.guarantee(), s.seed(), sc.shadows,
        (System.nanoTime() - start) / 1e9);
  }

  private record Scores(double[] members, double[] nonMembers, int shadows) {}

  private static Scores onTrainingData(AuditTarget t, Settings s, Rng rng, Consumer<String> log) {
    Dataset members = t.members();
    Dataset nonMembers = t.nonMembers();
    switch (s.attack()) {
      case THRESHOLD -> {
        MembershipAttack a = ThresholdAttack.loss();
        return new Scores(a.score(t.model(), members), a.score(t.model(), nonMembers), 0);
      }
      case QUANTILE -> {
        // Half of the held-out rows fit the quantile model (the attacker's public data); the other
        // half are the non-members it is judged on.
        int[] order = rng.derive("quantile-split").permutation(nonMembers.size());
        int half = nonMembers.size() / 2;
        Dataset fit = nonMembers.subset(Arrays.copyOfRange(order, 0, half));
        Dataset judged = nonMembers.subset(Arrays.copyOfRange(order, half, order.length));
        log.accept("fitting the quantile model on " + fit.size() + " held-out rows");
        MembershipAttack a = QuantileRegressionAttack.fit(t.model(), fit, QuantileRegressionAttack.Config.defaults(),
            rng.derive("quantile"));
        return new Scores(a.score(t.model(), members), a.score(t.model(), judged), 0);
      }
      case LIRA -> {
        Dataset queries = members.append(nonMembers);
        log.accept("training " + s.shadows() + " shadow models with the run's recipe, each on half of the "
            + queries.size() + " rows");
        double[] all = Lira.onQueries(t.recipe(), null, s.shadows(), true, rng.derive("lira")).score(t.model(), queries);
        return new Scores(Arrays.copyOfRange(all, 0, members.size()),
            Arrays.copyOfRange(all, members.size(), all.length), s.shadows());
      }
      default -> throw new IllegalStateException("unknown attack " + s.attack());
    }
  }

  private static Scores onCanaries(AuditTarget t, Settings s, Rng rng, Consumer<String> log) {
    int n = s.canaries();
    Dataset canaries = Canaries.mislabeled(t.nonMembers(), n, rng.derive("canaries"));
    // Exactly half inserted, so the number of non-member canaries is known before training.
    int[] order = rng.derive("inclusion").permutation(n);
    int[] in = Arrays.copyOfRange(order, 0, n / 2);
    int[] out = Arrays.copyOfRange(order, n / 2, n);
    Arrays.sort(in);
    Arrays.sort(out);
    log.accept("training the run's recipe again on its " + t.members().size() + " rows and " + in.length
        + " of " + n + " canaries");
    Module target = t.recipe().train(t.members().append(canaries.subset(in)), rng.derive("target"));
    Dataset inserted = canaries.subset(in);
    Dataset heldOut = canaries.subset(out);
    switch (s.attack()) {
      case THRESHOLD -> {
        MembershipAttack a = ThresholdAttack.loss();
        return new Scores(a.score(target, inserted), a.score(target, heldOut), 0);
      }
      case QUANTILE -> {
        log.accept("fitting the quantile model on the " + t.nonMembers().size() + " held-out rows");
        MembershipAttack a = QuantileRegressionAttack.fit(target, t.nonMembers(),
            QuantileRegressionAttack.Config.defaults(), rng.derive("quantile"));
        return new Scores(a.score(target, inserted), a.score(target, heldOut), 0);
      }
      case LIRA -> {
        log.accept("training " + s.shadows() + " shadow models with the run's recipe, each on the training rows and"
            + " half of the canaries");
        double[] all = Lira.onQueries(t.recipe(), t.members(), s.shadows(), true, rng.derive("lira"))
            .score(target, canaries);
        double[] a = new double[in.length];
        double[] b = new double[out.length];
        for (int i = 0; i < in.length; i++) {
          a[i] = all[in[i]];
        }
        for (int i = 0; i < out.length; i++) {
          b[i] = all[out[i]];
        }
        return new Scores(a, b, s.shadows());
      }
      default -> throw new IllegalStateException("unknown attack " + s.attack());
    }
  }

  private static double[] fprs(Settings s) {
    return s.fprs() != null ? s.fprs() : AuditTable.FPRS.clone();
  }

  /** "0.1%" for 0.001. */
  static String percent(double fraction) {
    return new BigDecimal(fraction * 100).round(new MathContext(3)).stripTrailingZeros().toPlainString() + "%";
  }
}
