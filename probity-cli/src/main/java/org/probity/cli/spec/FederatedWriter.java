package org.probity.cli.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link FederatedSection} back in the spec's keys for {@link SpecWriter}: every default
 * spelt out, only the keys each partition and strategy kind takes, so that the run folder's
 * spec.yaml reads back into an equal section.
 */
final class FederatedWriter {
  private FederatedWriter() {}

  static Map<String, Object> federated(FederatedSection f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", partition(f.partition()));
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("validation", f.split().validation());
    split.put("test", f.split().test());
    m.put("split", split);
    m.put("central_test", f.centralTest());
    m.put("rounds", f.rounds());
    m.put("local_epochs", f.localEpochs());
    m.put("batch_size", f.batchSize());
    m.put("clients_per_round", f.clientsPerRound().yaml());
    m.put("evaluate_every", f.evaluateEvery());
    m.put("threads", f.threads());
    if (f.faults() != null) {
      Map<String, Object> faults = new LinkedHashMap<>();
      faults.put("dropout", f.faults().dropout());
      faults.put("mean_latency_ms", f.faults().meanLatencyMs());
      faults.put("deadline_ms", f.faults().deadlineMs() == null ? "none" : f.faults().deadlineMs());
      m.put("faults", faults);
    }
    java.util.List<Map<String, Object>> strategies = new java.util.ArrayList<>();
    for (StrategySection s : f.strategies()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("name", s.name());
      sm.put("kind", s.kind());
      sm.putAll(s.settings());
      strategies.add(sm);
    }
    m.put("strategies", strategies);
    if (f.privacy() != null) {
      m.put("privacy", privacy(f.privacy()));
    }
    if (f.backend().spark()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("kind", f.backend().kind());
      b.put("master", f.backend().master());
      if (f.backend().partitions() != null) {
        b.put("partitions", f.backend().partitions());
      }
      m.put("backend", b);
    }
    return m;
  }

  private static Map<String, Object> privacy(FederatedPrivacy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", p.level());
    putIfSet(m, "epsilon", p.epsilon());
    putIfSet(m, "noise", p.noise());
    m.put("delta", p.delta());
    m.put("clip", p.clip());
    putIfSet(m, "batching", p.batching());
    putIfSet(m, "selection_epsilon", p.selectionEpsilon());
    return m;
  }

  private static Map<String, Object> partition(PartitionSection p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", p.kind());
    putIfSet(m, "clients", p.clients());
    putIfSet(m, "alpha", p.alpha());
    putIfSet(m, "beta", p.beta());
    putIfSet(m, "shards_per_client", p.shardsPerClient());
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
