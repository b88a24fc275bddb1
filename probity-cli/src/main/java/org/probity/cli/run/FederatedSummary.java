package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.FederatedSection;
import org.probity.cli.spec.StrategySection;
import org.probity.federated.BoundedGroupLoss;
import org.probity.federated.PrivateStrategy;
import org.probity.federated.RoundRecord;
import org.probity.core.metrics.Metrics;
import org.probity.federated.metrics.Appeal;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.federated.metrics.GroupEvaluation;

/**
 * The JSON of a federated run folder (issue 4 §3, which the report reads): one metrics.jsonl line
 * per strategy and round, and summary.json with the data and federation settings, the partition
 * warnings, and per strategy its per-client final test accuracies, their distribution, hurt
 * fractions against the first FedAvg and the first Local strategy, global-model appeal against that
 * Local strategy, the worst client's accuracy and loss, the pooled worst-group figures when the data
 * has groups, communication, time, what it chose on validation, central evaluation and its checkpoint;
 * with validation splits also each client's final validation accuracy and their distribution
 * ("validation": {"clients", "client_accuracy"}).
 */
final class FederatedSummary {
  private FederatedSummary() {}

  /**
   * The metrics.jsonl line of {@code r}: the federated evaluation (example-weighted and client-mean
   * metrics; absent in rounds that were not evaluated), the server's central evaluation as
   * "central_" keys, who took part and was lost, the bytes and the round's wall time.
   */
  static ObjectNode roundLine(String strategy, RoundRecord r, double millis) {
    ObjectNode o = Json.object();
    o.put("variant", strategy);
    o.put("split", "round");
    o.put("step", r.round());
    o.put("round", r.round());
    for (Map.Entry<String, Double> e : new TreeMap<>(r.metrics()).entrySet()) {
      Json.put(o, e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Double> e : new TreeMap<>(r.central()).entrySet()) {
      Json.put(o, "central_" + e.getKey(), e.getValue());
    }
    o.put("sampled", r.sampled());
    o.put("arrived", r.arrived());
    o.put("dropped", r.dropped());
    o.put("stragglers", r.stragglers());
    o.put("timed_out", r.timedOut());
    o.put("failed", r.failed());
    o.put("rejected", r.rejected());
    o.put("bytes_down", r.bytesDown());
    o.put("bytes_up", r.bytesUp());
    o.put("evaluate_bytes_down", r.evaluateBytesDown());
    Json.put(o, "seconds", millis / 1000);
    return o;
  }

  /** summary.json for the strategies finished so far (all of them when {@code status} is complete). */
  static ObjectNode summary(RunSession session, ExperimentSpec spec, FederatedExperimentData clients, String status,
      List<StrategyResult> done) {
    return summary(session, spec, clients, status, done, Map.of());
  }

  /**
   * As above, with each private strategy's "privacy" object (federated.privacy: level, accountant,
   * δ, clip, ε spent, per-silo figures at the sample level, the guarantee sentence), by name.
   */
  static ObjectNode summary(RunSession session, ExperimentSpec spec, FederatedExperimentData clients, String status,
      List<StrategyResult> done, Map<String, ObjectNode> privacy) {
    FederatedSection f = spec.federated();
    ObjectNode s = session.summary(status, "classification");
    s.put("kind", "federated");
    ObjectNode d = s.putObject("data");
    d.put("source", spec.data().source());
    d.put("clients", clients.clients().size());
    d.put("train_size", clients.trainSize());
    d.put("validation_size", clients.validationSize());
    d.put("test_size", clients.testSize());
    d.put("central_test_size", clients.centralTestSize());
    d.put("partition", f.partition().label());
    d.put("standardize", spec.data().standardize());
    ObjectNode fed = s.putObject("federated");
    fed.put("rounds", f.rounds());
    fed.put("local_epochs", f.localEpochs());
    fed.put("batch_size", f.batchSize());
    fed.put("clients_per_round", f.clientsPerRound().label());
    fed.put("evaluate_every", f.evaluateEvery());
    fed.put("threads", f.threads());
    fed.put("optimizer", spec.optimizer().name());
    Json.put(fed, "lr", spec.optimizer().lr());
    ArrayNode warnings = s.putArray("warnings");
    clients.warnings().forEach(warnings::add);
    StrategyResult fedavg = baseline(f, done, "fedavg");
    StrategyResult local = baseline(f, done, "local");
    ArrayNode variants = s.putArray("variants");
    for (StrategyResult r : done) {
      ObjectNode v = variant(r, f.rounds(), fedavg, local);
      ObjectNode p = privacy.get(r.spec().name());
      if (p != null) {
        v.set("privacy", p);
      }
      variants.add(v);
    }
    return s;
  }

  /** The finished result of the spec's first strategy of {@code kind}, or null. */
  static StrategyResult baseline(FederatedSection f, List<StrategyResult> done, String kind) {
    StrategySection first = f.first(kind);
    if (first == null) {
      return null;
    }
    for (StrategyResult r : done) {
      if (r.spec().name().equals(first.name())) {
        return r;
      }
    }
    return null;
  }

  private static ObjectNode variant(StrategyResult r, int rounds, StrategyResult fedavg, StrategyResult local) {
    ObjectNode o = Json.object();
    o.put("name", r.spec().name());
    o.put("strategy", r.spec().kind());
    o.set("settings", Json.MAPPER.valueToTree(r.spec().settings()));
    o.put("rounds", rounds);
    Json.put(o, "seconds", r.seconds());
    ObjectNode clients = o.putObject("clients");
    r.clientAccuracy().forEach((id, acc) -> Json.put(clients, Integer.toString(id), acc));
    ClientDistribution dist = r.distribution();
    o.set("client_accuracy", distribution(dist));
    SortedMap<Integer, Double> validation = r.clientValidationAccuracy();
    if (validation != null) {
      // The same models' accuracy on the clients' validation rows, what a sweep chooses by.
      ObjectNode v = o.putObject("validation");
      ObjectNode perClient = v.putObject("clients");
      validation.forEach((id, acc) -> Json.put(perClient, Integer.toString(id), acc));
      v.set("client_accuracy", distribution(ClientDistribution.of(validation)));
    }
    Map<String, Double> last = r.result().lastRound().metrics();
    ObjectNode test = o.putObject("test");
    putIfPresent(test, "accuracy", last.get("accuracy"));
    putIfPresent(test, "loss", last.get("loss"));
    Json.put(test, "client_mean_accuracy", dist.mean());
    Json.put(test, "worst10_accuracy", dist.worst10Mean());
    Json.put(test, "worst_client_accuracy", dist.min());
    ClientDistribution loss = r.lossDistribution();
    Json.put(test, "worst_client_loss", loss.max());
    groups(test, last);
    o.set("client_loss", distribution(loss));
    putNullable(o, "hurt_vs_fedavg", r.hurtVs(fedavg));
    putNullable(o, "hurt_vs_local", r.hurtVs(local));
    Appeal appeal = r.appealVs(local);
    if (appeal == null) {
      o.putNull("appeal");
    } else {
      ObjectNode a = o.putObject("appeal");
      Json.put(a, "fraction", appeal.fraction());
      a.put("clients", appeal.clients());
      a.put("appealing", appeal.appealing());
      a.put("versus", local.spec().name());
    }
    o.put("bytes_down", r.bytesDown());
    o.put("bytes_up", r.bytesUp());
    o.put("evaluate_bytes_down", r.result().totalEvaluateBytesDown());
    Json.put(o, "round_millis_mean", r.result().totalMillis() / r.result().rounds().size());
    if (!r.chosen().isEmpty()) {
      ObjectNode chosen = o.putObject("chosen");
      // Choices are counts such as epochs: written as integers when whole, as the spec writes them.
      r.chosen().forEach((k, v) -> {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
          chosen.put(k, v.longValue());
        } else {
          Json.put(chosen, k, v);
        }
      });
    }
    BoundedGroupLoss.Feasibility feasibility = r.feasibility();
    if (feasibility != null && PrivateStrategy.base(r.strategy()) instanceof BoundedGroupLoss b) {
      ObjectNode c = o.putObject("constraint");
      Json.put(c, "zeta", b.zeta());
      Json.put(c, "tolerance", StrategyResult.FEASIBILITY_TOLERANCE * b.zeta());
      c.put("feasible", feasibility.feasible());
      Json.put(c, "worst_violation", feasibility.worstViolation());
      c.put("lambda_at_bound", feasibility.lambdaAtBound());
      ObjectNode lambda = c.putObject("lambda");
      double[] l = b.lambda();
      for (int g = 0; g < l.length; g++) {
        Json.put(lambda, Integer.toString(g), l[g]);
      }
      c.put("message", feasibility.message());
    }
    Map<String, Double> central = r.result().lastRound().central();
    if (!central.isEmpty()) {
      ObjectNode c = o.putObject("central");
      new TreeMap<>(central).forEach((k, v) -> Json.put(c, k, v));
    }
    if (r.checkpoint() != null) {
      o.put("checkpoint", r.checkpoint());
    }
    return o;
  }

  /**
   * The federation's pooled worst-group accuracy and loss and each group's figures ("groups":
   * {"loss": {"0": ..}, "accuracy": {..}, "count": {..}}), when the clients' data has groups.
   */
  private static void groups(ObjectNode test, Map<String, Double> last) {
    putIfPresent(test, Metrics.WORST_GROUP_ACCURACY, last.get(Metrics.WORST_GROUP_ACCURACY));
    putIfPresent(test, Metrics.WORST_GROUP_LOSS, last.get(Metrics.WORST_GROUP_LOSS));
    ObjectNode groups = null;
    for (String metric : new String[] {"count", Metrics.LOSS, Metrics.ACCURACY}) {
      Map<Integer, Double> per = GroupEvaluation.perGroup(last, metric);
      if (per.isEmpty()) {
        continue;
      }
      groups = groups == null ? test.putObject("groups") : groups;
      ObjectNode m = groups.putObject(metric);
      per.forEach((g, v) -> Json.put(m, Integer.toString(g), v));
    }
  }

  static ObjectNode distribution(ClientDistribution d) {
    ObjectNode o = Json.object();
    o.put("n", d.n());
    Json.put(o, "mean", d.mean());
    Json.put(o, "std", d.std());
    Json.put(o, "min", d.min());
    Json.put(o, "p10", d.p10());
    Json.put(o, "p25", d.p25());
    Json.put(o, "median", d.median());
    Json.put(o, "p75", d.p75());
    Json.put(o, "p90", d.p90());
    Json.put(o, "max", d.max());
    Json.put(o, "worst10", d.worst10Mean());
    return o;
  }

  private static void putIfPresent(ObjectNode o, String key, Double v) {
    if (v != null) {
      Json.put(o, key, v);
    }
  }

  private static void putNullable(ObjectNode o, String key, Double v) {
    if (v == null) {
      o.putNull(key);
    } else {
      Json.put(o, key, v);
    }
  }
}
