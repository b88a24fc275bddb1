package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.probity.cli.report.ReportRenderer;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.SpecWriter;
import org.probity.core.data.Dataset;
import org.probity.core.provenance.Provenance;

/**
 * The life of one run folder, shared by central and federated runs (DESIGN §4): created marked
 * INCOMPLETE, the resolved spec and provenance written first, metrics.jsonl flushed on a timer and
 * by a shutdown hook (so an interrupted run keeps its curves), summary.json with the common head
 * (run id, name, status, seed, start, duration, task), the report rendered, and INCOMPLETE removed
 * last. A failure is recorded in summary.json ({@code "status": "failed"} and {@code "error"}) and
 * becomes a {@link RunFailedException} naming the folder. Close it to remove the shutdown hook.
 */
final class RunSession implements AutoCloseable {
  /** How often metrics.jsonl is rewritten during training. */
  static final long METRICS_FLUSH_MILLIS = 1000;

  private final RunFolder run;
  private final ExperimentSpec spec;
  private final Instant started;
  private final long t0;
  private final MetricsLog metrics;
  private final Thread flushOnExit;
  private Provenance provenance;

  private RunSession(RunFolder run, ExperimentSpec spec, Instant started, long t0) {
    this.run = run;
    this.spec = spec;
    this.started = started;
    this.t0 = t0;
    this.metrics = new MetricsLog(run.file(RunFolder.METRICS), METRICS_FLUSH_MILLIS);
    this.flushOnExit = new Thread(metrics::flush, "flush-metrics");
    Runtime.getRuntime().addShutdownHook(flushOnExit);
  }

  /** Creates the run's folder under {@code store} (marked INCOMPLETE); nothing else is written yet. */
  static RunSession create(RunStore store, ExperimentSpec spec, Instant started, long t0) throws IOException {
    return new RunSession(store.create(spec.name(), started), spec, started, t0);
  }

  /**
   * Writes spec.yaml (the resolved spec, with how to rerun it), provenance.json over the datasets
   * by role, and an empty metrics.jsonl.
   */
  Provenance writeSpecAndProvenance(Map<String, Dataset> roles) throws IOException {
    return writeSpecAndProvenance(roles, Map.of());
  }

  /** As above, with the privacy parameters of the run's private arms in provenance (none: empty). */
  Provenance writeSpecAndProvenance(Map<String, Dataset> roles, Map<String, Object> privacy) throws IOException {
    String yaml = SpecWriter.write(spec, "The resolved spec of run " + run.id() + ": every default filled in, --set"
        + " and --seed applied.", "Rerun it with: probity run " + run.dir().resolve(RunFolder.SPEC));
    run.write(RunFolder.SPEC, yaml);
    provenance = Provenance.capture(yaml, spec.seed(), roles);
    if (!privacy.isEmpty()) {
      provenance = provenance.withPrivacy(privacy);
    }
    run.write(RunFolder.PROVENANCE, provenance.toJson() + "\n");
    metrics.flush();
    return provenance;
  }

  RunFolder run() {
    return run;
  }

  MetricsLog metrics() {
    return metrics;
  }

  /** Seconds since the run started. */
  double seconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** summary.json's common head: run_id, name, status, seed, started, seconds and task. */
  ObjectNode summary(String status, String task) {
    ObjectNode s = Json.object();
    s.put("run_id", run.id());
    s.put("name", spec.name());
    s.put("status", status);
    s.put("seed", spec.seed());
    s.put("started", started.toString());
    Json.put(s, "seconds", seconds());
    s.put("task", task);
    return s;
  }

  /** Writes the complete run's summary.json (metrics flushed first). */
  void complete(ObjectNode summary) throws IOException {
    metrics.flush();
    run.write(RunFolder.SUMMARY, Json.pretty(summary));
  }

  /**
   * Records a failure: flushes the metrics, writes {@code summary} with {@code "error"}, renders
   * what report it can and ends the run. Never throws; returns the exception to throw.
   */
  RunFailedException fail(ObjectNode summary, String error, Throwable cause) {
    try {
      metrics.flush();
    } catch (RuntimeException ignored) {
      // the summary below matters more than the curves
    }
    try {
      summary.put("error", error);
      run.write(RunFolder.SUMMARY, Json.pretty(summary));
      try {
        ReportRenderer.render(run.dir());
      } catch (IOException | RuntimeException ignored) {
        // a failed run's report is a courtesy; the summary records the error
      }
      run.markEnded();
    } catch (IOException | RuntimeException ignored) {
      // cannot even write the summary: the INCOMPLETE marker stays, which is the truth
    }
    return new RunFailedException(run, error + " (run folder " + run.dir() + ")", cause);
  }

  /** Renders report.html and ends the run; a report that cannot be drawn fails the command, not the run. */
  void finish() throws IOException {
    try {
      ReportRenderer.render(run.dir());
    } catch (IOException | RuntimeException e) {
      run.markEnded();
      throw new RunFailedException(run, "the run is complete but report.html could not be written (" + message(e)
          + "); retry with: probity report " + run.dir(), e);
    }
    run.markEnded();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(flushOnExit);
    } catch (IllegalStateException ignored) {
      // the JVM is already shutting down
    }
  }

  /** An exception's message on one line (its class name when it has none). */
  static String message(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
