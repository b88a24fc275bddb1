package org.probity.federated.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.probity.federated.Config;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.mechanism.ExponentialMechanism;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * A private silo's budget during one call of its client (fit or evaluate): the {@link SiloLedger}
 * read from its state — or, on the silo's first call, created with σ calibrated for its whole
 * {@link SiloPlan} — charged for every DP-SGD step and private choice the call makes, then written
 * back with the personal model ({@link #state}). A silo whose σ was calibrated for a target ε refuses
 * a step beyond its plan rather than exceed the target silently. Everything it reports to the server
 * ({@link #report}) is a function of public quantities (σ, q, step counts), not of the data.
 */
public final class SiloBudget {
  /** Reply metric keys (fit, and evaluate when fine-tuning spent steps). */
  public static final String EPSILON = "dp_epsilon";
  public static final String DELTA = "dp_delta";
  public static final String NOISE = "dp_noise";
  public static final String SAMPLE_RATE = "dp_sample_rate";
  public static final String STEPS = "dp_steps";
  public static final String PLANNED_STEPS = "dp_planned_steps";
  public static final String SELECTIONS = "dp_selections";
  public static final String SELECTION_EPSILON = "dp_selection_epsilon";
  public static final String TRAIN_SIZE = "dp_train_size";
  /** Prefix shared by every key above. */
  public static final String PREFIX = "dp_";

  private final SampleDp dp;
  private final int clientId;
  private final int batchSize;
  private SiloLedger ledger;

  private SiloBudget(SampleDp dp, int clientId, int batchSize, SiloLedger ledger) {
    this.dp = dp;
    this.clientId = clientId;
    this.batchSize = batchSize;
    this.ledger = ledger;
  }

  /**
   * The budget of silo {@code clientId} for an instruction with config {@code cfg}, or null when the
   * instruction is not private. On the silo's first private call σ is fixed: given, or calibrated for
   * the planned steps E × ⌈n/B⌉ per training, with q = min(B, n)/n.
   */
  public static SiloBudget open(Config cfg, Optional<Object> state, int clientId, int trainSize, int localEpochs,
      int batchSize) {
    SampleDp dp = SampleDp.fromConfig(cfg);
    if (dp == null) {
      return null;
    }
    if (trainSize < 1) {
      throw new IllegalArgumentException("silo privacy: silo " + clientId + " has no training examples");
    }
    SiloLedger ledger = SiloState.ledger(state.orElse(null));
    if (ledger == null) {
      SiloPlan plan = SiloPlan.fromConfig(cfg);
      int b = Math.min(batchSize, trainSize);
      double q = (double) b / trainSize;
      long planned = plan.steps(localEpochs, stepsPerEpoch(trainSize, batchSize));
      double selEps = dp.resolvedSelectionEpsilon();
      double sigma;
      try {
        sigma = !dp.calibrated() ? dp.noiseMultiplier()
            : SiloCalibration.noiseFor(dp.targetEpsilon(), dp.delta(), q, Math.max(1, planned), selEps,
                plan.selections());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("silo privacy: silo " + clientId + " (n=" + trainSize + ", q=" + q + ", "
            + planned + " planned steps): " + e.getMessage(), e);
      }
      ledger = new SiloLedger(sigma, q, dp.delta(), dp.clipNorm(), 0, planned, 0, selEps, -1, trainSize);
    } else if (ledger.trainSize() != trainSize || ledger.delta() != dp.delta() || ledger.clipNorm() != dp.clipNorm()) {
      throw new IllegalArgumentException("silo privacy: silo " + clientId + "'s ledger was opened for n="
          + ledger.trainSize() + ", δ=" + ledger.delta() + ", C=" + ledger.clipNorm() + " but this instruction has n="
          + trainSize + ", δ=" + dp.delta() + ", C=" + dp.clipNorm() + "; a silo keeps one budget for the whole run");
    }
    return new SiloBudget(dp, clientId, batchSize, ledger);
  }

  /** ⌈n / min(B, n)⌉: the batches of one pass, as the non-private client's shuffled epochs have. */
  public static int stepsPerEpoch(int trainSize, int batchSize) {
    int b = Math.min(batchSize, trainSize);
    return (trainSize + b - 1) / b;
  }

  public SampleDp settings() {
    return dp;
  }

  public SiloLedger ledger() {
    return ledger;
  }

  public int batchSize() {
    return batchSize;
  }

  /** The private steps of one local training, on streams derived from {@code rng} and {@code purpose}. */
  public PrivateLocalSteps steps(Rng rng, String purpose) {
    return new PrivateLocalSteps(this, rng, purpose);
  }

  /** Charges one DP-SGD step; a calibrated silo refuses a step beyond its plan. */
  void charge() {
    if (dp.calibrated() && ledger.steps() >= ledger.plannedSteps()) {
      throw new IllegalStateException("silo privacy: silo " + clientId + " has taken all " + ledger.plannedSteps()
          + " steps its target ε=" + dp.targetEpsilon() + " (δ=" + dp.delta() + ") was calibrated for; running more"
          + " rounds or fine-tuning epochs than planned would exceed it (plan the run with the rounds it takes)");
    }
    ledger = ledger.withSteps(1);
  }

  /**
   * A private choice among candidates by their scores in [0, 1] (training accuracy, whose sensitivity
   * is 1/(n − 1) when one example is added or removed): the exponential mechanism at ε_sel, as the
   * official IFCA under DP ("report noisy min" of the error rate). The choice is remembered.
   */
  public int select(double[] accuracies, Rng rng) {
    int n = ledger.trainSize();
    double sensitivity = n > 1 ? 1.0 / (n - 1) : 1.0;
    int chosen = new ExponentialMechanism(ledger.selectionEpsilon(), sensitivity).select(accuracies, rng);
    ledger = ledger.withSelection(chosen);
    return chosen;
  }

  /** The cluster chosen privately last, or -1 before any choice. */
  public int storedCluster() {
    return ledger.cluster();
  }

  /** What the silo reports with its reply: ε spent so far and the public parameters behind it. */
  public Map<String, Double> report() {
    PrivacySpent s = ledger.spent();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(EPSILON, s.epsilon());
    m.put(DELTA, ledger.delta());
    m.put(NOISE, ledger.noiseMultiplier());
    m.put(SAMPLE_RATE, ledger.sampleRate());
    m.put(STEPS, (double) ledger.steps());
    m.put(PLANNED_STEPS, (double) ledger.plannedSteps());
    m.put(SELECTIONS, (double) ledger.selections());
    m.put(SELECTION_EPSILON, ledger.selectionEpsilon());
    m.put(TRAIN_SIZE, (double) ledger.trainSize());
    return m;
  }

  /** The client state to store: {@code personal} (may be null) with the updated ledger. */
  public Object state(Params personal) {
    return SiloState.of(personal, ledger);
  }
}
