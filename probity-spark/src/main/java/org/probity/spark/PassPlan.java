package org.probity.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.federated.Config;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.FitInstruction;
import org.probity.tensor.nn.Params;

/**
 * What one pass sends to every executor, as one broadcast: the instructions by client id (round,
 * settings, and which global model) and the distinct global models they refer to — usually one,
 * shared by all sampled clients, so the model is shipped once per executor rather than once per
 * client (the broadcast global model of the Spark FL pattern).
 */
final class PassPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  final boolean fit;
  final int attempt;
  final HashMap<Integer, Instruction> work = new HashMap<>();
  final WireParams[] globals;

  record Instruction(int round, int global, LinkedHashMap<String, Object> config) implements Serializable {
    Config toConfig() {
      return new Config(config);
    }
  }

  private PassPlan(boolean fit, int attempt, WireParams[] globals) {
    this.fit = fit;
    this.attempt = attempt;
    this.globals = globals;
  }

  static PassPlan fit(List<FitInstruction> work, int attempt) {
    IdentityHashMap<Params, Integer> index = new IdentityHashMap<>();
    for (FitInstruction in : work) {
      index.putIfAbsent(in.global(), index.size());
    }
    PassPlan plan = new PassPlan(true, attempt, wire(index));
    for (FitInstruction in : work) {
      plan.work.put(in.clientId(), new Instruction(in.round(), index.get(in.global()), new LinkedHashMap<>(
          in.config().values())));
    }
    return plan;
  }

  static PassPlan evaluate(List<EvaluateInstruction> work) {
    IdentityHashMap<Params, Integer> index = new IdentityHashMap<>();
    for (EvaluateInstruction in : work) {
      index.putIfAbsent(in.global(), index.size());
    }
    PassPlan plan = new PassPlan(false, 1, wire(index));
    for (EvaluateInstruction in : work) {
      plan.work.put(in.clientId(), new Instruction(in.round(), index.get(in.global()), new LinkedHashMap<>(
          in.config().values())));
    }
    return plan;
  }

  private static WireParams[] wire(Map<Params, Integer> index) {
    WireParams[] out = new WireParams[index.size()];
    for (Map.Entry<Params, Integer> e : index.entrySet()) {
      out[e.getValue()] = WireParams.of(e.getKey(), true);
    }
    return out;
  }
}
