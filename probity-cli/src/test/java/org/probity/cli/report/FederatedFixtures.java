package org.probity.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.probity.federated.metrics.ClientDistribution;

/**
 * Synthetic federated run folders in the format of the issue-4 notes (section 3): one
 * metrics.jsonl line per strategy per round (accuracy keys only in evaluated rounds, central
 * accuracy for strategies with a global model), and a summary.json with each strategy's final
 * per-client test accuracies, their distribution (computed with ClientDistribution, as the runner
 * does), hurt fractions against the first fedavg and first local strategy, traffic and choices.
 * Shaped like cross-silo digits: local strong on some silos, FedAvg hurting the unusual ones,
 * fine-tuning and Ditto best.
 */
final class FederatedFixtures {
  static final int CLIENTS = 12;
  static final int ROUNDS = 10;
  static final int EVALUATE_EVERY = 2;
  /** Bytes of one model copy: 650 float parameters. */
  static final long MODEL_BYTES = 650 * 4;

  /** One strategy's synthetic result: final accuracy per client (id = index) and what it costs. */
  record Strategy(String name, String kind, Map<String, Object> settings, double[] clientAccuracy,
      boolean globalModel, Map<String, Object> chosen) {
    double meanAccuracy() {
      double s = 0;
      for (double a : clientAccuracy) {
        s += a;
      }
      return s / clientAccuracy.length;
    }

    long bytesPerRound() {
      return kind.equals("local") ? 0 : MODEL_BYTES * clientAccuracy.length;
    }
  }

  static List<Strategy> strategies() {
    return List.of(
        new Strategy("local", "local", Map.of(), accuracies(1, 0.58, 0.22, 0.05), false, null),
        new Strategy("fedavg", "fedavg", Map.of(), accuracies(2, 0.66, -0.14, 0.04), true, null),
        new Strategy("finetune", "finetune", Map.of("epochs", List.of(0, 1, 2, 5)), accuracies(3, 0.74, 0.12, 0.03),
            true, Map.of("finetune_epochs", 5)),
        new Strategy("ditto", "ditto", Map.of("lambda", 0.1), accuracies(4, 0.76, 0.10, 0.03), true, null));
  }

  /** Per-client accuracy: a trend over client ids plus noise, rounded to 4 decimals, in [0.05, 0.99]. */
  static double[] accuracies(long seed, double base, double slope, double noise) {
    Random rnd = new Random(seed);
    double[] a = new double[CLIENTS];
    for (int k = 0; k < CLIENTS; k++) {
      double x = base + slope * (k / (CLIENTS - 1.0) - 0.5) + noise * rnd.nextGaussian();
      a[k] = Math.rint(Math.max(0.05, Math.min(0.99, x)) * 1e4) / 1e4;
    }
    return a;
  }

  /** Fraction of clients strictly worse under {@code s} than under {@code baseline}. */
  static double hurt(double[] s, double[] baseline) {
    int worse = 0;
    for (int k = 0; k < s.length; k++) {
      worse += s[k] < baseline[k] ? 1 : 0;
    }
    return (double) worse / s.length;
  }

  static String spec(String name, List<Strategy> ss) {
    StringBuilder sb = new StringBuilder();
    sb.append("name: ").append(name).append('\n')
        .append("seed: 1\n")
        .append("data:\n  source: rotated-patched-digits\n  options: {silos: 12}\n  standardize: false\n")
        .append("model: {type: softmax}\n")
        .append("optimizer: {name: sgd, lr: 0.1}\n")
        .append("federated:\n  partition: {kind: natural}\n  split: {validation: 0.15, test: 0.15}\n")
        .append("  central_test: 0.1\n  rounds: ").append(ROUNDS).append("\n  local_epochs: 1\n  batch_size: 10\n")
        .append("  clients_per_round: all\n  evaluate_every: ").append(EVALUATE_EVERY).append("\n  threads: 2\n")
        .append("  strategies:\n");
    for (Strategy s : ss) {
      sb.append("    - {name: ").append(s.name()).append(", kind: ").append(s.kind()).append("}\n");
    }
    return sb.toString();
  }

  /**
   * metrics.jsonl lines for rounds 1..{@code rounds}, strategy after strategy; accuracy keys only
   * every {@link #EVALUATE_EVERY} rounds and in round {@link #ROUNDS}, approaching each strategy's
   * final client mean.
   */
  static List<String> roundLines(List<Strategy> ss, int rounds, boolean central) {
    List<String> lines = new ArrayList<>();
    Random rnd = new Random(17);
    for (Strategy s : ss) {
      for (int r = 1; r <= rounds; r++) {
        ObjectNode o = RunFixtures.JSON.createObjectNode();
        o.put("variant", s.name());
        o.put("split", "round");
        o.put("step", r);
        o.put("round", r);
        if (r % EVALUATE_EVERY == 0 || r == ROUNDS) {
          double progress = 1 - Math.exp(-r / 3.0);
          double target = s.meanAccuracy();
          double mean = 0.1 + (target - 0.1) * progress + 0.005 * rnd.nextGaussian();
          o.put("accuracy", mean + 0.01);
          o.put("loss", 2.3 - 1.8 * progress);
          o.put("client_mean_accuracy", mean);
          o.put("client_mean_loss", 2.35 - 1.8 * progress);
          if (central && s.globalModel()) {
            o.put("central_accuracy", mean - 0.02);
            o.put("central_loss", 2.4 - 1.8 * progress);
          }
        }
        o.put("sampled", CLIENTS);
        o.put("arrived", CLIENTS);
        for (String k : List.of("dropped", "stragglers", "timed_out", "failed", "rejected")) {
          o.put(k, 0);
        }
        o.put("bytes_down", s.bytesPerRound());
        o.put("bytes_up", s.bytesPerRound());
        o.put("seconds", 0.25 + 0.01 * s.name().length());
        lines.add(o.toString());
      }
    }
    return lines;
  }

  /** summary.json of a complete federated run of {@code ss}. */
  static ObjectNode summary(String runId, String name, List<Strategy> ss, boolean central) {
    ObjectNode s = RunFixtures.JSON.createObjectNode();
    s.put("run_id", runId);
    s.put("name", name);
    s.put("status", "complete");
    s.put("seed", 1);
    s.put("started", "2026-11-28T14:30:19.123Z");
    s.put("seconds", 12.3);
    s.put("task", "classification");
    s.put("kind", "federated");
    ObjectNode data = s.putObject("data");
    data.put("source", "rotated-patched-digits");
    data.put("clients", CLIENTS);
    data.put("train_size", 1257);
    data.put("validation_size", 270);
    data.put("test_size", 270);
    data.put("central_test_size", central ? 180 : 0);
    data.put("partition", "natural");
    ObjectNode fed = s.putObject("federated");
    fed.put("rounds", ROUNDS);
    fed.put("local_epochs", 1);
    fed.put("batch_size", 10);
    fed.put("clients_per_round", "all");
    fed.put("threads", 2);
    s.putArray("warnings");
    Strategy fedavg = ss.stream().filter(x -> x.kind().equals("fedavg")).findFirst().orElse(null);
    Strategy local = ss.stream().filter(x -> x.kind().equals("local")).findFirst().orElse(null);
    ArrayNode arr = s.putArray("variants");
    for (Strategy st : ss) {
      ObjectNode v = arr.addObject();
      v.put("name", st.name());
      v.put("strategy", st.kind());
      v.set("settings", RunFixtures.JSON.valueToTree(st.settings()));
      v.put("rounds", ROUNDS);
      v.put("seconds", 2.1 + st.name().length() * 0.1);
      ObjectNode clients = v.putObject("clients");
      for (int k = 0; k < CLIENTS; k++) {
        clients.put(Integer.toString(k), st.clientAccuracy()[k]);
      }
      ClientDistribution d = ClientDistribution.of(st.clientAccuracy());
      ObjectNode ca = v.putObject("client_accuracy");
      ca.put("n", d.n());
      ca.put("mean", d.mean());
      ca.put("std", d.std());
      ca.put("min", d.min());
      ca.put("p10", d.p10());
      ca.put("p25", d.p25());
      ca.put("median", d.median());
      ca.put("p75", d.p75());
      ca.put("p90", d.p90());
      ca.put("max", d.max());
      ca.put("worst10", d.worst10Mean());
      ObjectNode test = v.putObject("test");
      test.put("accuracy", d.mean() + 0.01);
      test.put("loss", 0.9);
      test.put("client_mean_accuracy", d.mean());
      test.put("worst10_accuracy", d.worst10Mean());
      test.put("worst_client_accuracy", d.min());
      if (local == null || local == st) {
        v.putNull("appeal");
      } else {
        int better = 0;
        for (int k = 0; k < CLIENTS; k++) {
          better += st.clientAccuracy()[k] > local.clientAccuracy()[k] ? 1 : 0;
        }
        ObjectNode appeal = v.putObject("appeal");
        appeal.put("fraction", (double) better / CLIENTS);
        appeal.put("clients", CLIENTS);
        appeal.put("appealing", better);
        appeal.put("versus", local.name());
      }
      putHurt(v, "hurt_vs_fedavg", st, fedavg);
      putHurt(v, "hurt_vs_local", st, local);
      v.put("bytes_down", st.bytesPerRound() * ROUNDS);
      v.put("bytes_up", st.bytesPerRound() * ROUNDS);
      v.put("evaluate_bytes_down", st.bytesPerRound() * ROUNDS / EVALUATE_EVERY);
      v.put("round_millis_mean", 70.0);
      if (st.chosen() != null) {
        v.set("chosen", RunFixtures.JSON.valueToTree(st.chosen()));
      }
      if (central && st.globalModel()) {
        ObjectNode c = v.putObject("central");
        c.put("accuracy", d.mean() - 0.02);
        c.put("loss", 1.1);
      }
      if (st.globalModel()) {
        v.put("checkpoint", "checkpoints/" + st.name() + ".safetensors");
      }
    }
    return s;
  }

  private static void putHurt(ObjectNode v, String key, Strategy s, Strategy baseline) {
    if (baseline == null || baseline == s) {
      v.putNull(key);
    } else {
      v.put(key, hurt(s.clientAccuracy(), baseline.clientAccuracy()));
    }
  }

  /** A complete federated run with central evaluation, in {@code dir}. */
  static void complete(Path dir, String name) throws IOException {
    List<Strategy> ss = strategies();
    RunFixtures.write(dir, "spec.yaml", spec(name, ss));
    RunFixtures.write(dir, "provenance.json", RunFixtures.provenance());
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", roundLines(ss, ROUNDS, true)) + "\n");
    RunFixtures.write(dir, "summary.json", RunFixtures.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
        summary(dir.getFileName().toString(), name, ss, true)));
  }

  /**
   * A run still going, strategies one after another: spec, provenance, INCOMPLETE, all rounds of
   * the first two strategies and {@code roundsDone} of the third; the fourth has not started.
   */
  static void running(Path dir, String name, int roundsDone) throws IOException {
    List<Strategy> ss = strategies();
    RunFixtures.write(dir, "spec.yaml", spec(name, ss));
    RunFixtures.write(dir, "provenance.json", RunFixtures.provenance());
    RunFixtures.write(dir, "INCOMPLETE", "");
    List<String> lines = new ArrayList<>(roundLines(ss.subList(0, 2), ROUNDS, false));
    lines.addAll(roundLines(ss.subList(2, 3), roundsDone, false));
    RunFixtures.write(dir, "metrics.jsonl", String.join("\n", lines) + "\n");
  }

  private FederatedFixtures() {}
}
