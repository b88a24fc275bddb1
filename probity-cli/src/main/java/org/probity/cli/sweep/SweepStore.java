package org.probity.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.cli.files.AtomicFiles;
import org.probity.cli.run.Json;

/**
 * A sweep's folder, {@code <out>/<sweep>/}: sweep.json (what is swept over which base spec, so a
 * rerun with a different spec cannot mix its trials in), trials.jsonl (one line per finished trial:
 * its values, status, metric (the figure it is chosen by) and, apart, its test figure, and run
 * folder), trials/TRIAL-ID/ (each trial's run folder) and report.html. trials.jsonl is rewritten
 * whole and atomically after every trial, so after a kill it holds exactly the trials that
 * finished; a resumed sweep runs the others, and re-runs failed ones.
 */
public final class SweepStore {
  public static final String SWEEP = "sweep.json";
  public static final String TRIALS = "trials.jsonl";
  public static final String TRIAL_RUNS = "trials";
  public static final String REPORT = "report.html";

  private final Path dir;
  private final String metric;
  private final Map<String, TrialResult> results = new LinkedHashMap<>();

  private SweepStore(Path dir, String metric) {
    this.dir = dir;
    this.metric = metric;
  }

  /**
   * Opens (creating) the sweep folder {@code dir} for a sweep whose base spec and sweep settings
   * read as {@code fingerprint}, loading the trials it already finished.
   *
   * @throws IllegalStateException when the folder holds a sweep of another spec
   */
  public static SweepStore open(Path dir, String fingerprint, String metric) throws IOException {
    SweepStore s = new SweepStore(dir, metric);
    Files.createDirectories(dir.resolve(TRIAL_RUNS));
    Path def = dir.resolve(SWEEP);
    if (Files.exists(def)) {
      JsonNode old = Json.MAPPER.readTree(def.toFile());
      if (!fingerprint.equals(old.path("fingerprint").asText())) {
        throw new IllegalStateException("the sweep folder " + dir + " holds a sweep of another spec or other sweep"
            + " settings (" + SWEEP + " differs); resuming would mix their trials: use another --name or --out");
      }
    } else {
      ObjectNode o = Json.object();
      o.put("fingerprint", fingerprint);
      o.put("metric", metric);
      AtomicFiles.write(def, Json.pretty(o));
    }
    s.load();
    return s;
  }

  public Path dir() {
    return dir;
  }

  /** Where trial {@code id}'s run folders go (a run store of their own). */
  public Path trialRuns(String id) {
    return dir.resolve(TRIAL_RUNS).resolve(id);
  }

  /** The finished trial {@code id}'s result, or null. */
  public synchronized TrialResult result(String id) {
    return results.get(id);
  }

  /** Whether trial {@code id} completed (a failed one is run again). */
  public synchronized boolean isComplete(String id) {
    TrialResult r = results.get(id);
    return r != null && r.isComplete();
  }

  /** How many trials have completed. */
  public synchronized int completed() {
    return (int) results.values().stream().filter(TrialResult::isComplete).count();
  }

  /** Records a finished trial and rewrites trials.jsonl atomically. */
  public synchronized void record(TrialResult r) {
    results.remove(r.trial().id());
    results.put(r.trial().id(), r);
    StringBuilder sb = new StringBuilder();
    for (TrialResult t : results.values()) {
      sb.append(line(t)).append('\n');
    }
    try {
      AtomicFiles.write(dir.resolve(TRIALS), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + dir.resolve(TRIALS), e);
    }
  }

  private String line(TrialResult r) {
    Trial t = r.trial();
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("config", t.config());
    o.put("rung", t.rung());
    if (t.budget() != null) {
      o.put("budget", t.budget());
      o.put("budget_key", t.budgetKey());
    }
    ObjectNode p = o.putObject("params");
    t.params().forEach(p::put);
    o.put("status", r.status());
    o.put("metric", metric);
    Json.put(o, "value", r.value());
    if (r.hasTest()) {
      Json.put(o, "test", r.test());
    }
    if (r.run() != null) {
      o.put("run", r.run());
    }
    Json.put(o, "seconds", r.seconds());
    if (r.error() != null) {
      o.put("error", r.error());
    }
    return o.toString();
  }

  private void load() throws IOException {
    Path f = dir.resolve(TRIALS);
    if (!Files.exists(f)) {
      return;
    }
    List<String> lines = Files.readAllLines(f);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode o;
      try {
        o = Json.MAPPER.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IOException(f + ":" + (i + 1) + ": not a JSON line (" + e.getOriginalMessage() + ")", e);
      }
      if (!metric.equals(o.path("metric").asText())) {
        continue; // measured by another metric: not comparable, so run again
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.path("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      Integer budget = o.hasNonNull("budget") ? o.get("budget").asInt() : null;
      Trial t = new Trial(o.path("id").asText(), o.path("config").asInt(), o.path("rung").asInt(), budget,
          o.path("budget_key").asText(null), params);
      JsonNode v = o.get("value");
      double value = v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
      JsonNode tv = o.get("test");
      double test = tv != null && tv.isNumber() ? tv.doubleValue() : Double.NaN;
      results.put(t.id(), new TrialResult(t, o.path("status").asText(), value, test, o.path("run").asText(null),
          o.path("seconds").asDouble(), o.path("error").asText(null)));
    }
  }

  /** Every recorded result, in the order they finished. */
  public synchronized List<TrialResult> all() {
    return new ArrayList<>(results.values());
  }
}
