package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.cli.progress.Progress;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.Variant;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.provenance.Provenance;
import org.probity.core.train.Checkpoints;
import org.probity.core.train.TrainResult;
import org.probity.core.train.Trainer;
import org.probity.core.train.TrainingListener;
import org.probity.privacy.optim.DpResult;
import org.probity.tensor.Rng;

/**
 * Runs an experiment into a run folder (DESIGN §1, §4). First everything that can be checked is
 * checked: the data are prepared and each variant's model, objective, optimiser and training
 * settings are built against them, so a spec that cannot work fails as bad input before a folder
 * exists. Then the folder is created (marked INCOMPLETE), the resolved spec, provenance and the
 * training membership ({@link Membership}) are written, each variant is trained on the same split
 * from the same seeds (model initialisation from the root seed's "model" stream, batch order from
 * its "train" stream) with metrics streamed to metrics.jsonl, evaluated on the test split (and on
 * the validation split, when {@code data.validation_fraction} makes one, once at the end: that is
 * the figure a sweep chooses by) and checkpointed; then summary.json and report.html are written
 * and INCOMPLETE is removed, last. A failure records {@code "status": "failed"} and the error in
 * summary.json and surfaces as a {@link RunFailedException}. A private variant trains with DP-SGD
 * ({@link PrivateTraining}): its eval lines carry ε, its summary entry a "privacy" object with the
 * guarantee, and provenance.json its accountant's parameters; one that its ε budget stops early is
 * checkpointed and complete like any other, with the reason recorded.
 */
public final class ExperimentRunner {
  private final Progress progress;
  private final Clock clock;

  public ExperimentRunner(Progress progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * One variant's outcome, as the command's table shows it; {@code validation} is null when the
   * data have no validation split.
   */
  public record VariantOutcome(String name, String objective, int steps, double seconds, Metrics test,
      Metrics validation) {
    /** An outcome without validation metrics. */
    public VariantOutcome(String name, String objective, int steps, double seconds, Metrics test) {
      this(name, objective, steps, seconds, test, null);
    }
  }

  /**
   * A finished run: its folder, the variants' outcomes, the task, the total time and the privacy
   * guarantee of each private variant (empty when none is private).
   */
  public record Outcome(RunFolder run, String task, List<VariantOutcome> variants, double seconds,
      List<PrivacyOutcome> privacy) {
    public Outcome {
      privacy = List.copyOf(privacy);
    }
  }

  /** An experiment checked against its data and ready to train: nothing is written yet. */
  public static final class Prepared {
    private final LoadedSpec loaded;
    private final ExperimentData data;
    private final List<VariantPlan> plans;

    private Prepared(LoadedSpec loaded, ExperimentData data, List<VariantPlan> plans) {
      this.loaded = loaded;
      this.data = data;
      this.plans = plans;
    }

    public ExperimentData data() {
      return data;
    }

    LoadedSpec loaded() {
      return loaded;
    }

    /** Each variant's plan, in the spec's order. */
    List<VariantPlan> plans() {
      return plans;
    }

    /** Warnings about private variants' settings ("variant dp: δ=... is not below 1/n=..."), to print first. */
    public List<String> warnings() {
      List<String> out = new ArrayList<>();
      for (VariantPlan p : plans) {
        if (p.privacy() != null) {
          p.privacy().warnings().forEach(w -> out.add("variant " + p.variant().name() + ": " + w));
        }
      }
      return out;
    }
  }

  /**
   * Prepares the data and builds every variant against it; a spec that cannot work fails here
   * with a {@link org.probity.cli.spec.SpecException} naming its path and line.
   */
  public static Prepared prepare(LoadedSpec loaded) {
    ExperimentSpec spec = loaded.spec();
    if (spec.isFederated()) {
      throw new IllegalArgumentException("spec " + spec.name() + " is federated: run it with FederatedRunner");
    }
    Rng root = new Rng(spec.seed());
    boolean images = spec.variants().stream().anyMatch(v -> v.model().type().equals("cnn"));
    ExperimentData data = ExperimentData.prepare(loaded, root.derive("data"), images);
    long trainSeed = root.derive("train").nextLong();
    List<VariantPlan> plans = new ArrayList<>();
    for (int i = 0; i < spec.variants().size(); i++) {
      plans.add(VariantPlan.build(loaded, i, data, root.derive("model"), trainSeed));
    }
    return new Prepared(loaded, data, plans);
  }

  /** {@link #prepare} then {@link #run(Prepared, RunStore)}. */
  public Outcome run(LoadedSpec loaded, RunStore store) throws IOException {
    return run(prepare(loaded), store);
  }

  /** Trains a prepared experiment into a new run folder under {@code store}. */
  public Outcome run(Prepared prepared, RunStore store) throws IOException {
    ExperimentSpec spec = prepared.loaded.spec();
    ExperimentData data = prepared.data;
    List<VariantPlan> plans = prepared.plans;
    List<VariantOutcome> outcomes = new ArrayList<>();
    List<PrivacyOutcome> privacy = new ArrayList<>();
    ArrayNode variantsJson = Json.MAPPER.createArrayNode();
    try (RunSession session = RunSession.create(store, spec, clock.instant(), System.nanoTime())) {
      RunFolder run = session.run();
      MetricsLog metrics = session.metrics();
      try {
        Provenance provenance = session.writeSpecAndProvenance(data.roles(), privacyProvenance(plans));
        run.write(RunFolder.MEMBERSHIP, Json.pretty(Membership.of(data)));
        for (VariantPlan plan : plans) {
          Variant v = plan.variant();
          TrainResult result;
          DpResult dp = null;
          try {
            if (plan.privacy() != null) {
              dp = PrivateTraining.fit(plan, data.train(), data.test(), metrics, progress);
              result = dp.train();
            } else {
              result = train(plan, data, metrics);
            }
          } catch (RuntimeException e) {
            throw new VariantFailure("variant " + v.name(), e);
          }
          String checkpoint = null;
          if (v.train().checkpoint()) {
            Checkpoints.save(run.checkpoint(v.name()), plan.model().params(), result.steps(), provenance,
                Map.of("variant", v.name(), "model", v.model().describe(), "objective", v.objective().label()));
            checkpoint = RunFolder.checkpointEntry(v.name());
          }
          Metrics test = result.evalMetrics();
          Metrics validation = data.validation() == null ? null
              : Evaluator.evaluate(plan.model(), data.validation(), plan.loss());
          outcomes.add(new VariantOutcome(v.name(), v.objective().label(), result.steps(), result.seconds(), test,
              validation));
          ObjectNode vj = variantJson(v, result, checkpoint);
          if (validation != null) {
            vj.set("validation", Json.metrics(validation));
          }
          if (dp != null) {
            ObjectNode p = plan.privacy().summary(dp);
            vj.set("privacy", p);
            privacy.add(new PrivacyOutcome(v.name(), p.get("guarantee").asText(), plan.privacy().plan().stopReason()));
          }
          variantsJson.add(vj);
        }
        session.complete(summary(session, spec, data, "complete", variantsJson));
      } catch (RuntimeException | IOException e) {
        String msg = e instanceof VariantFailure vf ? vf.describe() : message(e);
        throw session.fail(summary(session, spec, data, "failed", variantsJson), msg,
            e instanceof VariantFailure ? e.getCause() : e);
      }
      session.finish();
      return new Outcome(run, data.task(), outcomes, session.seconds(), privacy);
    }
  }

  private TrainResult train(VariantPlan plan, ExperimentData data, MetricsLog metrics) {
    MetricsListener listener = new MetricsListener(plan.variant().name(), metrics, progress);
    try {
      return fit(plan, data.train(), data.test(), listener);
    } finally {
      listener.close();
    }
  }

  /**
   * Trains a non-private plan's model on {@code train}, evaluating on {@code test} (null: none) and
   * reporting to {@code listener} (null: none); a run and an audit's retraining share this path.
   */
  static TrainResult fit(VariantPlan plan, Dataset train, Dataset test, TrainingListener listener) {
    Trainer trainer = new Trainer(plan.config());
    if (listener != null) {
      trainer.listener(listener);
    }
    if (plan.objective().batches() != null) {
      trainer.batchSource(plan.objective().batches());
    }
    return trainer.fit(plan.model(), plan.loss(), plan.objective().objective(), plan.optimizer(), train, test);
  }

  /** provenance.json's "privacy": each private variant's accountant parameters, by name (empty when none). */
  private static Map<String, Object> privacyProvenance(List<VariantPlan> plans) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (VariantPlan p : plans) {
      if (p.privacy() != null) {
        out.put(p.variant().name(), p.privacy().provenance());
      }
    }
    return out;
  }

  private static ObjectNode summary(RunSession session, ExperimentSpec spec, ExperimentData data, String status,
      ArrayNode variants) {
    ObjectNode s = session.summary(status, data.task());
    ObjectNode d = s.putObject("data");
    d.put("source", spec.data().source());
    d.put("train_size", data.train().size());
    if (data.validation() != null) {
      d.put("validation_size", data.validation().size());
    }
    d.put("test_size", data.test().size());
    if (spec.data().labelNoise() != null) {
      d.put("label_noise", spec.data().labelNoise().kind());
      Json.put(d, "label_noise_rate", spec.data().labelNoise().rate());
      d.put("noisy_labels", data.noisyRows());
    }
    if (data.train().groups() != null) {
      d.put("groups", data.train().numGroups());
    }
    s.set("variants", variants);
    return s;
  }

  private static ObjectNode variantJson(Variant v, TrainResult r, String checkpoint) {
    ObjectNode o = Json.object();
    o.put("name", v.name());
    o.put("objective", v.objective().label());
    o.put("model", v.model().describe());
    o.put("optimizer", v.optimizer().name());
    o.put("steps", r.steps());
    o.put("epochs", r.epochs());
    Json.put(o, "seconds", r.seconds());
    o.set("test", Json.metrics(r.evalMetrics()));
    o.set("train", Json.metrics(r.trainMetrics()));
    if (checkpoint != null) {
      o.put("checkpoint", checkpoint);
    }
    return o;
  }

  static String message(Throwable e) {
    return RunSession.message(e);
  }
}
