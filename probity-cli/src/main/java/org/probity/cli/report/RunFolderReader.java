package org.probity.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a run folder (the format in the issue-3 notes: spec.yaml, provenance.json, metrics.jsonl,
 * summary.json, INCOMPLETE) into {@link RunData}. It never gives up on content: a missing or
 * unparsable file becomes a {@link Problem} and the rest is still read, because the report of a
 * killed or failed run is exactly the one someone needs to look at.
 */
final class RunFolderReader {
  static final String SPEC = "spec.yaml";
  static final String PROVENANCE = "provenance.json";
  static final String SUMMARY = "summary.json";
  static final String INCOMPLETE = "INCOMPLETE";
  /** Split names tried, in order, for the evaluation curves and the fallback table. */
  static final List<String> EVAL_SPLITS = List.of("eval", "val", "validation", "test");

  private static final Pattern SPEC_NAME = Pattern.compile("(?m)^name:[ \\t]*(.*?)[ \\t]*$");

  private final Path dir;
  private final List<Problem> problems = new ArrayList<>();

  private RunFolderReader(Path dir) {
    this.dir = dir;
  }

  static RunData read(Path dir) {
    return new RunFolderReader(dir).read();
  }

  private RunData read() {
    String specText = readText(SPEC, "the resolved spec is not shown");
    JsonNode provenance = readJson(PROVENANCE, "provenance is not shown");
    String metricsText = readText(MetricsLog.FILE, "there are no training curves");
    JsonNode summary = readJson(SUMMARY, "the run did not finish, so the table shows each variant's"
        + " last evaluation instead of its test metrics");
    boolean marker = Files.exists(dir.resolve(INCOMPLETE));

    MetricsLog metrics = metricsText == null ? MetricsLog.empty() : MetricsLog.parse(metricsText);
    problems.addAll(metrics.problems());
    if (metricsText != null && metrics.isEmpty() && metrics.problems().isEmpty()) {
      problems.add(Problem.of(MetricsLog.FILE, "is empty: nothing was measured yet"));
    }
    if (summary != null && !summary.isObject()) {
      problems.add(Problem.of(SUMMARY, "is not a JSON object; ignored"));
      summary = null;
    }

    String evalSplit = EVAL_SPLITS.stream().filter(metrics::hasSplit).findFirst().orElse("eval");
    List<VariantResult> variants = variants(summary, metrics, evalSplit);
    FederatedRun federated = FederatedFolderReader.read(summary, metrics, specText, problems);
    if (federated != null) {
      // The consequence of a missing summary, in the federated table's terms.
      problems.replaceAll(p -> SUMMARY.equals(p.file()) && p.message().startsWith("is missing")
          ? Problem.of(SUMMARY, "is missing: the run did not finish, so the table shows each strategy's latest"
              + " round instead of its final per-client test accuracy.")
          : p);
    }

    String folder = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    String runId = firstNonBlank(Json.text(summary, "run_id"), folder);
    String name = firstNonBlank(Json.text(summary, "name"), specName(specText), runId);

    RunStatus status;
    String detail;
    String declared = Json.text(summary, "status");
    if ("failed".equals(declared)) {
      status = RunStatus.FAILED;
      detail = firstNonBlank(Json.text(summary, "error"), "the run failed; no error message was recorded");
    } else if ("complete".equals(declared)) {
      // The summary is written after training ends; the marker may still be there when the run
      // renders its own report just before removing it, so the summary decides.
      status = RunStatus.COMPLETE;
      detail = null;
    } else {
      status = RunStatus.INCOMPLETE;
      if (marker) {
        detail = "The INCOMPLETE marker is present: the run was interrupted or is still going.";
      } else if (summary == null) {
        detail = "There is no readable summary.json: the run did not finish.";
      } else {
        detail = "summary.json has status \"" + (declared == null ? "" : declared)
            + "\" rather than complete or failed.";
      }
    }

    return new RunData(
        dir,
        runId,
        name,
        status,
        detail,
        task(summary, metrics, evalSplit),
        Json.text(summary, "seed"),
        Json.text(summary, "started"),
        summary == null ? Double.NaN : Json.number(summary.get("seconds")),
        summary != null && summary.path("data").isObject() ? Json.flatten(summary.get("data")) : List.of(),
        specText,
        provenance == null ? null : Json.flatten(provenance),
        metrics,
        evalSplit,
        variants,
        federated,
        List.copyOf(problems));
  }

  /** The file's text, or null (with a problem saying so and what the reader loses). */
  private String readText(String file, String consequence) {
    Path p = dir.resolve(file);
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      problems.add(Problem.of(file, "is missing: " + consequence + "."));
    } catch (IOException | RuntimeException e) {
      problems.add(Problem.of(file, "could not be read (" + e + "): " + consequence + "."));
    }
    return null;
  }

  private JsonNode readJson(String file, String consequence) {
    String text = readText(file, consequence);
    if (text == null) {
      return null;
    }
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n == null || n.isMissingNode()) {
        problems.add(Problem.of(file, "is empty: " + consequence + "."));
        return null;
      }
      return n;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      problems.add(Problem.at(file, Math.max(line, 0),
          "malformed JSON (" + Json.shortMessage(e) + "): " + consequence + "."));
      return null;
    }
  }

  /**
   * The table rows: each variant of summary.json with its test metrics, then every variant that
   * appears only in the metrics (no summary yet, or it stopped before the summary listed it) with
   * its last evaluation.
   */
  private List<VariantResult> variants(JsonNode summary, MetricsLog metrics, String evalSplit) {
    Map<String, VariantResult> out = new LinkedHashMap<>();
    JsonNode list = summary == null ? null : summary.get("variants");
    if (list != null && list.isArray()) {
      int i = 0;
      for (JsonNode v : list) {
        i++;
        if (!v.isObject()) {
          problems.add(Problem.of(SUMMARY, "variant " + i + " is not an object; ignored"));
          continue;
        }
        String name = firstNonBlank(Json.text(v, "name"), "variant " + i);
        JsonNode test = v.get("test");
        Map<String, Double> scalars = new LinkedHashMap<>();
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        split(test, scalars, groups);
        JsonNode objective = v.get("objective");
        out.putIfAbsent(name, new VariantResult(
            name,
            objective == null || objective.isNull() ? null
                : objective.isContainerNode() ? objective.toString() : objective.asText(),
            Json.number(v.get("steps")),
            Json.number(v.get("seconds")),
            scalars,
            groups,
            test != null && test.isObject() ? VariantResult.TEST : "no test metrics"));
      }
    } else if (summary != null && list != null) {
      problems.add(Problem.of(SUMMARY, "\"variants\" is not a list; ignored"));
    }
    Set<String> seen = new LinkedHashSet<>(metrics.variants());
    for (String name : seen) {
      if (out.containsKey(name)) {
        continue;
      }
      MetricRow last = metrics.last(name, evalSplit);
      Map<String, Double> scalars = new LinkedHashMap<>();
      Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
      if (last != null) {
        split(last.values(), scalars, groups);
        scalars.remove("step");
        scalars.remove("epoch");
      }
      MetricRow lastAny = lastRow(metrics, name);
      out.put(name, new VariantResult(name, null, lastAny == null ? Double.NaN : lastAny.step(),
          Double.NaN, scalars, groups,
          last == null ? "not evaluated yet" : "last " + evalSplit + ", step " + Html.count(last.step())));
    }
    return List.copyOf(out.values());
  }

  private static MetricRow lastRow(MetricsLog metrics, String variant) {
    List<MetricRow> rows = metrics.rows();
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (rows.get(i).variant().equals(variant)) {
        return rows.get(i);
      }
    }
    return null;
  }

  /** Numeric fields into scalars, objects of numbers (per-group metrics) into groups. */
  private static void split(JsonNode obj, Map<String, Double> scalars, Map<String, Map<String, Double>> groups) {
    if (obj == null || !obj.isObject()) {
      return;
    }
    obj.fields().forEachRemaining(e -> {
      if (Json.isNumeric(e.getValue()) || e.getValue().isNull()) {
        // null is how the run writes a NaN or infinite metric (JSON has no literal for them).
        scalars.put(e.getKey(), Json.number(e.getValue()));
      } else if (e.getValue().isObject()) {
        Map<String, Double> m = MetricRow.groupMap(e.getValue());
        if (!m.isEmpty()) {
          groups.put(e.getKey(), m);
        }
      }
    });
  }

  private static String task(JsonNode summary, MetricsLog metrics, String evalSplit) {
    String declared = Json.text(summary, "task");
    if (declared != null && !declared.isBlank()) {
      return declared;
    }
    if (metrics.has(evalSplit, "accuracy")) {
      return "classification";
    }
    if (metrics.has(evalSplit, "rmse") || metrics.has(evalSplit, "mse")) {
      return "regression";
    }
    if (metrics.has(FederatedRun.ROUND, "client_mean_accuracy") || metrics.has(FederatedRun.ROUND, "accuracy")) {
      return "classification";
    }
    return null;
  }

  /** The top-level {@code name:} of the spec, without quotes; null when there is none. */
  static String specName(String specText) {
    if (specText == null) {
      return null;
    }
    Matcher m = SPEC_NAME.matcher(specText);
    if (!m.find()) {
      return null;
    }
    String v = m.group(1);
    int hash = v.indexOf(" #");
    if (hash >= 0) {
      v = v.substring(0, hash).strip();
    }
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      v = v.substring(1, v.length() - 1);
    }
    return v.isBlank() ? null : v;
  }

  private static String firstNonBlank(String... xs) {
    for (String x : xs) {
      if (x != null && !x.isBlank()) {
        return x;
      }
    }
    return null;
  }
}
