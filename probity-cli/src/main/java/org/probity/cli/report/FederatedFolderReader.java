package org.probity.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.probity.cli.report.StrategyRow.ClientStats;
import org.probity.cli.report.StrategyRow.Fairness;
import org.probity.federated.metrics.ClientDistribution;

/**
 * Reads the federated part of a run folder (issue-4 notes, section 3) into a {@link FederatedRun}:
 * the strategies of summary.json with their per-client accuracies, then any strategy seen only in
 * the "round" lines of metrics.jsonl, then, for a run that did not complete, the spec's strategies
 * that have not reported at all. A folder is federated when summary.json says
 * {@code "kind":"federated"}, or, before there is a summary, when the metrics have round lines or
 * the spec has a top-level {@code federated:} section. Like the rest of the reader it never gives
 * up on content: what is missing becomes a {@link Problem} and the row shows what is there, with
 * missing numbers taken from the round lines where they can be (traffic, time, the latest client
 * mean).
 */
final class FederatedFolderReader {
  static final String KIND = "federated";

  private static final Pattern SPEC_SECTION = Pattern.compile("(?m)^federated[ \\t]*:");

  private FederatedFolderReader() {}

  /** The federated view of the folder, or null when the run is not federated. */
  static FederatedRun read(JsonNode summary, MetricsLog metrics, String specText, List<Problem> problems) {
    String kind = Json.text(summary, "kind");
    boolean federated = KIND.equals(kind)
        || kind == null && (metrics.hasSplit(FederatedRun.ROUND) || specText != null && SPEC_SECTION.matcher(specText).find());
    if (!federated) {
      return null;
    }
    Map<String, String> specKinds = specKinds(specText);
    Map<String, StrategyRow> out = new LinkedHashMap<>();
    JsonNode list = summary == null ? null : summary.get("variants");
    if (list != null && list.isArray()) {
      int i = 0;
      for (JsonNode v : list) {
        i++;
        // A variant that is not an object is already noted by RunFolderReader.
        if (v.isObject()) {
          String name = nonBlank(Json.text(v, "name"), "variant " + i);
          out.putIfAbsent(name, fromSummary(name, v, RoundTotals.of(metrics, name), specKinds.get(name), problems));
        }
      }
    }
    for (String name : metrics.variants()) {
      if (!out.containsKey(name)) {
        out.put(name, fromRounds(name, RoundTotals.of(metrics, name), specKinds.get(name)));
      }
    }
    String status = Json.text(summary, "status");
    if (!"complete".equals(status)) {
      // The spec's strategies that have not reported: the run's progress, or what a failure cut off.
      String why = "failed".equals(status) ? "not run (the run failed)" : "not started yet";
      specKinds.forEach((name, k) -> out.computeIfAbsent(name, n -> new StrategyRow(n, k, "", Double.NaN,
          Double.NaN, Map.of(), ClientStats.NONE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
          Double.NaN, why, Fairness.NONE)));
    }
    JsonNode fed = summary == null ? null : summary.get("federated");
    List<String> warnings = new ArrayList<>();
    JsonNode w = summary == null ? null : summary.get("warnings");
    if (w != null && w.isArray()) {
      for (JsonNode x : w) {
        warnings.add(x.isContainerNode() ? x.toString() : x.asText());
      }
    }
    return new FederatedRun(fed != null && fed.isObject() ? Json.flatten(fed) : List.of(), List.copyOf(warnings),
        List.copyOf(out.values()));
  }

  private static StrategyRow fromSummary(String name, JsonNode v, RoundTotals rounds, String specKind,
      List<Problem> problems) {
    Map<String, Double> clients = MetricRow.groupMap(v.get("clients"));
    JsonNode clientsNode = v.get("clients");
    if (clientsNode == null || clientsNode.isNull()) {
      problems.add(Problem.of(RunFolderReader.SUMMARY, "strategy \"" + name
          + "\" has no per-client accuracies (\"clients\"): it has no box in the per-client plot."));
    } else if (!clientsNode.isObject()) {
      problems.add(Problem.of(RunFolderReader.SUMMARY, "strategy \"" + name + "\": \"clients\" is not an object; ignored."));
    } else if (clients.size() < clientsNode.size()) {
      int bad = clientsNode.size() - clients.size();
      problems.add(Problem.of(RunFolderReader.SUMMARY, "strategy \"" + name + "\": " + bad
          + (bad == 1 ? " client accuracy is" : " client accuracies are") + " not a number; left out."));
    }
    int nonFinite = clients.size() - finiteValues(clients).length;
    if (nonFinite > 0) {
      problems.add(Problem.of(RunFolderReader.SUMMARY, "strategy \"" + name + "\": " + nonFinite
          + (nonFinite == 1 ? " client accuracy is" : " client accuracies are")
          + " NaN or infinite; left out of the box plot."));
    }

    JsonNode test = v.get("test");
    ClientStats stats = stats(v.get("client_accuracy"), clients);
    if (!Double.isFinite(stats.mean())) {
      double mean = number(test, "client_mean_accuracy");
      stats = new ClientStats(stats.n(), Double.isFinite(mean) ? mean : rounds.clientMean, stats.std(),
          Double.isFinite(stats.worst10()) ? stats.worst10() : number(test, "worst10_accuracy"),
          stats.p10(), stats.median(), stats.p90());
    }
    JsonNode central = v.get("central");
    double centralAccuracy = central != null && central.isObject() ? number(central, "accuracy") : rounds.central;
    String kind = nonBlank(Json.text(v, "strategy"), specKind);
    return new StrategyRow(
        name,
        kind,
        describe(v.get("settings"), null),
        orElse(Json.number(v.get("rounds")), rounds.rounds),
        orElse(Json.number(v.get("seconds")), rounds.seconds),
        clients,
        stats,
        Json.number(v.get("hurt_vs_fedavg")),
        Json.number(v.get("hurt_vs_local")),
        orElse(Json.number(v.get("bytes_up")), rounds.bytesUp),
        orElse(Json.number(v.get("bytes_down")), rounds.bytesDown),
        Json.number(v.get("round_millis_mean")),
        emptyToNull(describe(v.get("chosen"), kind)),
        centralAccuracy,
        null,
        fairness(v, test));
  }

  private static StrategyRow fromRounds(String name, RoundTotals r, String specKind) {
    String source = r.lastEvaluated < 0 ? "not evaluated yet" : "round " + Html.count(r.lastEvaluated);
    return new StrategyRow(name, specKind, "", r.rounds, r.seconds, Map.of(), ClientStats.meanOnly(r.clientMean),
        Double.NaN, Double.NaN, r.bytesUp, r.bytesDown, Double.NaN, null, r.central, source, Fairness.NONE);
  }

  /** The summary's worst-client, worst-group and appeal figures (NaN where absent: older folders). */
  private static Fairness fairness(JsonNode v, JsonNode test) {
    JsonNode appeal = v.get("appeal");
    return new Fairness(number(test, "worst_client_accuracy"), number(test, "worst_client_loss"),
        appeal != null && appeal.isObject() ? number(appeal, "fraction") : Double.NaN,
        number(test, "worst_group_accuracy"), number(test, "worst_group_loss"));
  }

  /**
   * The summary's distribution; when it is missing, the same statistics computed from the
   * per-client accuracies (the definitions of {@link ClientDistribution}, which wrote them).
   */
  static ClientStats stats(JsonNode ca, Map<String, Double> clients) {
    if (ca != null && ca.isObject()) {
      return new ClientStats(number(ca, "n"), number(ca, "mean"), number(ca, "std"), number(ca, "worst10"),
          number(ca, "p10"), number(ca, "median"), number(ca, "p90"));
    }
    double[] finite = finiteValues(clients);
    if (finite.length == 0) {
      return ClientStats.NONE;
    }
    ClientDistribution d = ClientDistribution.of(finite);
    return new ClientStats(d.n(), d.mean(), d.std(), d.worst10Mean(), d.p10(), d.median(), d.p90());
  }

  static double[] finiteValues(Map<String, Double> clients) {
    double[] out = new double[clients.size()];
    int n = 0;
    for (double x : clients.values()) {
      if (Double.isFinite(x)) {
        out[n++] = x;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * {"lambda":0.1,"finetune_epochs":5} as "lambda 0.1, finetune epochs 5"; "" when empty. A key
   * that starts with the strategy's kind loses it ("finetune_epochs" of a finetune strategy reads
   * "epochs"), since the row already says the kind.
   */
  static String describe(JsonNode settings, String kind) {
    if (settings == null || !settings.isObject() || settings.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (sb.length() > 0) {
        sb.append(", ");
      }
      JsonNode x = e.getValue();
      String key = e.getKey();
      if (kind != null && key.startsWith(kind + "_") && key.length() > kind.length() + 1) {
        key = key.substring(kind.length() + 1);
      }
      sb.append(key.replace('_', ' ')).append(' ')
          .append(x.isContainerNode() ? x.toString() : x.isNull() ? "none" : x.asText());
    }
    return sb.toString();
  }

  /** Strategy name to kind, from the resolved spec's federated.strategies; empty when unreadable. */
  static Map<String, String> specKinds(String specText) {
    Map<String, String> out = new LinkedHashMap<>();
    if (specText == null || !SPEC_SECTION.matcher(specText).find()) {
      return out;
    }
    try {
      JsonNode list = new YAMLMapper().readTree(specText).path("federated").path("strategies");
      for (JsonNode s : list) {
        String name = Json.text(s, "name");
        String kind = Json.text(s, "kind");
        if (name != null && kind != null) {
          out.putIfAbsent(name, kind.toLowerCase(Locale.ROOT));
        }
      }
    } catch (Exception e) {
      // The spec is shown as text anyway; the kinds are only a convenience for unfinished rows.
    }
    return out;
  }

  private static double number(JsonNode obj, String field) {
    return obj == null ? Double.NaN : Json.number(obj.get(field));
  }

  private static double orElse(double x, double fallback) {
    return Double.isNaN(x) ? fallback : x;
  }

  private static String nonBlank(String x, String fallback) {
    return x == null || x.isBlank() ? fallback : x;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * What a strategy's round lines add up to: rounds reached, the latest evaluated round and its
   * client-mean accuracy, the latest central accuracy, and traffic and time summed over rounds.
   */
  static final class RoundTotals {
    double rounds = Double.NaN;
    double lastEvaluated = -1;
    double clientMean = Double.NaN;
    double central = Double.NaN;
    double bytesUp = Double.NaN;
    double bytesDown = Double.NaN;
    double seconds = Double.NaN;

    static RoundTotals of(MetricsLog metrics, String strategy) {
      RoundTotals t = new RoundTotals();
      for (MetricRow r : metrics.rows()) {
        if (!r.variant().equals(strategy) || !r.split().equals(FederatedRun.ROUND)) {
          continue;
        }
        t.rounds = Double.isNaN(t.rounds) ? r.step() : Math.max(t.rounds, r.step());
        if (r.has("client_mean_accuracy") && r.step() >= t.lastEvaluated) {
          t.lastEvaluated = r.step();
          t.clientMean = r.get("client_mean_accuracy");
        }
        if (r.has("central_accuracy")) {
          t.central = r.get("central_accuracy");
        }
        t.bytesUp = add(t.bytesUp, r, "bytes_up");
        t.bytesDown = add(t.bytesDown, r, "bytes_down");
        t.seconds = add(t.seconds, r, "seconds");
      }
      return t;
    }

    private static double add(double sum, MetricRow r, String key) {
      if (!r.has(key)) {
        return sum;
      }
      return (Double.isNaN(sum) ? 0 : sum) + r.get(key);
    }
  }

}
