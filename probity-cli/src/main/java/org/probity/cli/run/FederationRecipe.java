package org.probity.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.cli.spec.StrategySection;
import org.probity.core.data.Dataset;
import org.probity.core.model.Models;
import org.probity.federated.ClientData;
import org.probity.federated.FederationResult;
import org.probity.privacy.audit.ShadowRecipe;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Module;

/**
 * How one strategy of a federated run trained its global model, as a {@link ShadowRecipe} for
 * membership-inference audits of federated models (shadow federations for LiRA, Carlini et al.
 * 2022; canary runs): the given rows are dealt back to the clients by their client id
 * ({@link Dataset#clients()}), each client keeping its own validation and test rows, and the
 * strategy's federation is run again in process by the runner's own code path, with the spec's
 * rounds, local training, client sampling and privacy. The {@link Rng} given to {@link #train}
 * plays the run's root seed (initial model from its "model" stream, rounds from its "federation"
 * stream), so {@code train(runMembers, new Rng(seed))} gives back the run's global model.
 */
public final class FederationRecipe implements ShadowRecipe {
  private final FederatedRunner.Prepared prepared;
  private final int index;

  private FederationRecipe(FederatedRunner.Prepared prepared, int index) {
    this.prepared = prepared;
    this.index = index;
  }

  /** The recipe of strategy {@code index} of a prepared federated experiment. */
  public static FederationRecipe of(FederatedRunner.Prepared prepared, int index) {
    return new FederationRecipe(prepared, index);
  }

  public StrategySection strategy() {
    return prepared.loaded().spec().federated().strategies().get(index);
  }

  /** A fresh, untrained global model for the run's data, initialised from {@code root}'s "model" stream. */
  public Module model(Rng root) {
    return Models.build(prepared.loaded().spec().model(), prepared.clients().data(), root.derive("model"));
  }

  @Override
  public Module train(Dataset data, Rng rng) {
    FederationResult r = FederatedRunner.rerun(prepared, index, split(data), rng);
    Module model = model(rng);
    model.params().assign(r.global());
    return model;
  }

  /**
   * The rows of {@code data} dealt to their clients: client id to that client's rows as its
   * training split, beside the run's validation and test splits of that client.
   */
  Map<Integer, ClientData> split(Dataset data) {
    int[] ids = data.clients();
    if (ids == null) {
      throw new IllegalArgumentException("federated recipe of strategy " + strategy().name() + ": dataset '"
          + data.name() + "' has no client ids, so its rows cannot be dealt back to the run's clients");
    }
    Map<Integer, List<Integer>> rows = new TreeMap<>();
    for (int i = 0; i < ids.length; i++) {
      rows.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(i);
    }
    Map<Integer, ClientData> run = prepared.clients().clients();
    Map<Integer, ClientData> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Integer>> e : rows.entrySet()) {
      ClientData c = run.get(e.getKey());
      if (c == null) {
        throw new IllegalArgumentException("federated recipe of strategy " + strategy().name() + ": dataset '"
            + data.name() + "' has rows of client " + e.getKey() + ", which is not a client of the run (clients "
            + run.keySet() + ")");
      }
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      out.put(e.getKey(), new ClientData(data.subset(idx), c.validation(), c.test()));
    }
    return out;
  }

  @Override
  public int classes() {
    return prepared.clients().data().numClasses();
  }
}
