package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.probity.cli.progress.Progress;
import org.probity.core.metrics.Metrics;
import org.probity.core.train.StepRecord;
import org.probity.core.train.TrainResult;
import org.probity.core.train.TrainingListener;

/**
 * Streams one variant's training into metrics.jsonl (a "train" line per logged step with the mean
 * per-example loss, the objective's value and the gradient norm; an "eval" line per evaluation
 * with every test metric, and whatever {@link EvalFields} adds, such as a private variant's ε) and
 * into a progress task.
 */
final class MetricsListener implements TrainingListener {
  /** Adds fields to an eval line (ε for a private variant), after the test metrics. */
  interface EvalFields {
    void add(ObjectNode line, int step);
  }

  private final String variant;
  private final MetricsLog log;
  private final Progress progress;
  private final EvalFields extra;
  private Progress.Task task;
  private int perEpoch = 1;
  private String lastLoss = "";

  MetricsListener(String variant, MetricsLog log, Progress progress) {
    this(variant, log, progress, null);
  }

  MetricsListener(String variant, MetricsLog log, Progress progress, EvalFields extra) {
    this.variant = variant;
    this.log = log;
    this.progress = progress;
    this.extra = extra;
  }

  @Override
  public void onStart(int totalSteps, int stepsPerEpoch) {
    perEpoch = Math.max(1, stepsPerEpoch);
    task = progress.start("train " + variant, totalSteps, "steps");
  }

  @Override
  public void onStep(StepRecord r) {
    ObjectNode o = line("train", r.step(), r.epoch());
    Json.put(o, "loss", r.meanLoss());
    Json.put(o, "objective", r.trainLoss());
    Json.put(o, "grad_norm", r.gradNorm());
    Json.put(o, "seconds", r.seconds());
    log.append(o);
    lastLoss = String.format(java.util.Locale.ROOT, "loss %.4f", r.meanLoss());
    task.message(lastLoss);
    task.stepTo(r.step());
  }

  @Override
  public void onEval(int step, Metrics metrics) {
    ObjectNode o = line("eval", step, (step - 1) / perEpoch + 1);
    Json.putMetrics(o, metrics);
    if (extra != null) {
      extra.add(o, step);
    }
    log.append(o);
    metrics.find(Metrics.ACCURACY).ifPresent(a ->
        task.message(lastLoss + String.format(java.util.Locale.ROOT, ", test accuracy %.4f", a)));
  }

  @Override
  public void onEnd(TrainResult result) {
    close();
  }

  void close() {
    if (task != null) {
      task.close();
      task = null;
    }
  }

  private ObjectNode line(String split, int step, int epoch) {
    ObjectNode o = Json.object();
    o.put("variant", variant);
    o.put("split", split);
    o.put("step", step);
    o.put("epoch", epoch);
    return o;
  }
}
