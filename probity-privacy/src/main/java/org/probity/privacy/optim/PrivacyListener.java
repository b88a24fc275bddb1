package org.probity.privacy.optim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.probity.core.metrics.Metrics;
import org.probity.core.train.StepRecord;
import org.probity.core.train.TrainResult;
import org.probity.core.train.TrainingListener;
import org.probity.privacy.accountant.Accountant;
import org.probity.privacy.accountant.PrivacySpent;

/**
 * Keeps a privacy {@link Accountant} in step with a DP-SGD run and records the (ε, δ) spent at
 * every evaluation, so a run's metrics carry ε beside accuracy (Opacus's
 * {@code PrivacyEngine.get_epsilon}, asked at each evaluation). Every step of the run is one
 * Poisson-subsampled Gaussian release with the same σ and q, so the accountant is advanced to the
 * trainer's step count whenever the trainer reports (log lines, evaluations, checkpoints, the end)
 * rather than by a call per step; what it answers is the same.
 */
public final class PrivacyListener implements TrainingListener {
  /** The privacy spent after {@code step} steps. */
  public record Record(int step, PrivacySpent spent) {}

  private final Accountant accountant;
  private final double noiseMultiplier;
  private final double sampleRate;
  private final double delta;
  private final Consumer<Record> sink;
  private final List<Record> history = new ArrayList<>();
  private long accounted;

  /** Accounts steps of (σ, q) on {@code accountant} (usually fresh) and reports ε at δ. */
  public PrivacyListener(Accountant accountant, double noiseMultiplier, double sampleRate, double delta) {
    this(accountant, noiseMultiplier, sampleRate, delta, r -> {});
  }

  /** As above, also handing each evaluation's record to {@code sink} (a metrics writer). */
  public PrivacyListener(Accountant accountant, double noiseMultiplier, double sampleRate, double delta,
      Consumer<Record> sink) {
    if (accountant == null || sink == null) {
      throw new IllegalArgumentException("privacy listener: accountant and sink must not be null");
    }
    this.accountant = accountant;
    this.noiseMultiplier = noiseMultiplier;
    this.sampleRate = sampleRate;
    this.delta = delta;
    this.sink = sink;
  }

  @Override
  public void onStep(StepRecord record) {
    advanceTo(record.step());
  }

  @Override
  public void onEval(int step, Metrics metrics) {
    advanceTo(step);
    Record r = new Record(step, accountant.spent(delta));
    history.add(r);
    sink.accept(r);
  }

  @Override
  public void onCheckpoint(int step, Path file) {
    advanceTo(step);
  }

  @Override
  public void onEnd(TrainResult result) {
    advanceTo(result.steps());
  }

  private void advanceTo(long step) {
    if (step > accounted) {
      accountant.step(noiseMultiplier, sampleRate, step - accounted);
      accounted = step;
    }
  }

  /** The privacy spent by the steps accounted so far. */
  public PrivacySpent spent() {
    return accountant.spent(delta);
  }

  /** Steps accounted so far. */
  public long steps() {
    return accounted;
  }

  public Accountant accountant() {
    return accountant;
  }

  /** ε at each evaluation, in step order. */
  public List<Record> history() {
    return List.copyOf(history);
  }
}
