package org.probity.federated.privacy;

import org.probity.federated.Config;
import org.probity.federated.Ditto;
import org.probity.federated.FineTune;
import org.probity.federated.Ifca;
import org.probity.federated.Strategy;

/**
 * How much of its data a silo will touch over a whole federated run, known before the run starts,
 * since σ for a target ε must be calibrated over the silo's total number of private steps
 * (MR-MTL's {@code compute_silo_noise_mults}: steps = epochs × ⌊n_k/B⌋ × rounds, times two for
 * Ditto, which trains a global and a personal model on the silo's data every round). Counted here:
 * the fit rounds the silo may take part in; the private trainings per round (2 for Ditto); the
 * fine-tuning epochs spent at evaluation over the run (FedAvg + fine-tuning fine-tunes on the silo's
 * own data, which is charged to the same budget: evaluations × the largest epoch of the grid); and
 * the private cluster choices (IFCA: one per fit and, at most, one per evaluation). A silo that is
 * not sampled every round spends less than planned, so its ε stays below the target.
 *
 * @param rounds fit rounds (>= 0)
 * @param trainingsPerRound private local trainings per fit (1; 2 for Ditto)
 * @param fineTuneEpochs private fine-tuning epochs over the whole run (>= 0)
 * @param selections private model choices over the whole run (>= 0)
 */
public record SiloPlan(long rounds, int trainingsPerRound, long fineTuneEpochs, long selections) {
  public static final String ROUNDS = "dp_planned_rounds";
  public static final String TRAININGS = "dp_trainings_per_round";
  public static final String FINETUNE_EPOCHS = "dp_planned_finetune_epochs";
  public static final String SELECTIONS = "dp_planned_selections";

  public SiloPlan {
    if (rounds < 0 || trainingsPerRound < 1 || fineTuneEpochs < 0 || selections < 0) {
      throw new IllegalArgumentException("silo plan: rounds, fine-tuning epochs and selections must be >= 0 and"
          + " trainings per round >= 1, got " + rounds + ", " + fineTuneEpochs + ", " + selections + " and "
          + trainingsPerRound);
    }
  }

  /**
   * The plan of {@code strategy} run for {@code rounds} rounds, evaluated every {@code evaluateEvery}
   * rounds and in the last (as the {@code Federation} does).
   */
  public static SiloPlan of(Strategy strategy, int rounds, int evaluateEvery) {
    if (rounds < 1 || evaluateEvery < 1) {
      throw new IllegalArgumentException("silo plan: rounds and evaluateEvery must be >= 1, got " + rounds + " and "
          + evaluateEvery);
    }
    long evaluations = evaluations(rounds, evaluateEvery);
    int trainings = strategy instanceof Ditto ? 2 : 1;
    long fineTune = 0;
    if (strategy instanceof FineTune ft) {
      int[] grid = ft.epochGrid();
      fineTune = evaluations * grid[grid.length - 1];
    }
    long selections = strategy instanceof Ifca ? rounds + evaluations : 0;
    return new SiloPlan(rounds, trainings, fineTune, selections);
  }

  /** The rounds in 1..rounds that are evaluated: every {@code every}-th and the last. */
  public static long evaluations(int rounds, int every) {
    return rounds / every + (rounds % every == 0 ? 0 : 1);
  }

  /** This plan with {@code extra} more fit rounds (IFCA's FedAvg warm-up on the same silos). */
  public SiloPlan plusRounds(long extra) {
    return new SiloPlan(rounds + extra, trainingsPerRound, fineTuneEpochs, selections);
  }

  /** The silo's planned DP-SGD steps with E local epochs of {@code stepsPerEpoch} steps each. */
  public long steps(int localEpochs, int stepsPerEpoch) {
    return Math.multiplyExact(Math.addExact(Math.multiplyExact(rounds * trainingsPerRound, (long) localEpochs),
        fineTuneEpochs), (long) stepsPerEpoch);
  }

  public Config toConfig(Config base) {
    return base.with(ROUNDS, rounds).with(TRAININGS, trainingsPerRound).with(FINETUNE_EPOCHS, fineTuneEpochs)
        .with(SELECTIONS, selections);
  }

  /** The plan a config carries; IllegalArgumentException naming the key when one is missing. */
  public static SiloPlan fromConfig(Config c) {
    for (String k : new String[] {ROUNDS, TRAININGS, FINETUNE_EPOCHS, SELECTIONS}) {
      if (!c.has(k)) {
        throw new IllegalArgumentException("silo privacy: the instruction has DP settings but no '" + k
            + "'; send a SiloPlan with them (the SiloPrivacy strategy does)");
      }
    }
    return new SiloPlan((long) c.getDouble(ROUNDS, 0), (int) c.getDouble(TRAININGS, 1),
        (long) c.getDouble(FINETUNE_EPOCHS, 0), (long) c.getDouble(SELECTIONS, 0));
  }
}
