package org.probity.federated.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.partition.CrossDeviceSplit;
import org.probity.core.data.partition.MotleyProtocol;
import org.probity.core.data.partition.NaturalPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.partition.PersonalSplit;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.Config;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.Ifca;
import org.probity.federated.InProcessBackend;
import org.probity.federated.SupervisedClient;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Motley's cross-device setting at small scale (notes-federated-privacy §1): Synthetic(1,1) users
 * (FedProx's generator, sizes capped), split 60/20/20 into train, validation and test clients; each
 * validation and test client splits its rows 50/50 into a personalisation and an evaluation set.
 * Clients are stateless: FedAvg trains on the train clients only; FedAvg + fine-tuning fine-tunes
 * the global model on each client's personalisation set for E epochs, E chosen post hoc as the best
 * mean over validation clients (E = 0, plain FedAvg, is a candidate); Local is the same fine-tuning
 * from the initial model (Motley's {@code total_rounds=0}), its epochs also chosen on validation;
 * HypCluster (IFCA, k = 2) is warm-started from two FedAvg runs from different initialisations and
 * each test client picks the model with the lower loss on its personalisation set. Ditto and MR-MTL
 * need stateful clients and belong to the cross-silo setting.
 */
final class CrossDevice {
  static final String LOCAL = "local";
  static final String FEDAVG = "fedavg";
  static final String FINETUNE = "finetune";
  static final String HYPCLUSTER = "hypcluster";

  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final double LR = 0.05;
  private static final int BATCH = 10;
  private static final int[] FT_EPOCHS = {0, 1, 2, 5, 10, 20};
  private static final int[] LOCAL_EPOCHS = {1, 5, 10, 20, 50};

  /** Scale of one run: clients, rounds, clients per round, the cap on rows per client, HypCluster's warm start. */
  record Settings(int clients, int rounds, int perRound, int maxSize, boolean hypCluster, int warmRounds) {}

  private CrossDevice() {}

  static SeedOutcome run(Settings s, Rng rng) {
    Dataset data = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(s.clients())
        .withMaxSize(s.maxSize()), rng.derive("data"));
    Partition p = new NaturalPartitioner().partition(data, rng.derive("partition"));
    CrossDeviceSplit split = MotleyProtocol.crossDevice(p, 0.6, 0.2, 0.5, rng.derive("split"));
    Map<Integer, ClientData> train = new TreeMap<>();
    split.trainClients().forEach((id, d) -> train.put(id, new ClientData(d, null, d)));
    Map<Integer, ClientData> val = personal(split.validationClients());
    Map<Integer, ClientData> test = personal(split.testClients());
    SupervisedClient app = new SupervisedClient(SPEC, 1, BATCH, Optimizers.sgd(LR));
    Params init = Models.build(SPEC, data, rng.derive("init")).params();
    Rng evalRng = rng.derive("evaluate");

    Map<String, SortedMap<Integer, Double>> acc = new LinkedHashMap<>();
    Map<String, Double> chosen = new LinkedHashMap<>();
    ClientSampler none = (pool, r) -> new int[0];
    Params global;
    try (InProcessBackend b = new InProcessBackend(2)) {
      global = new Federation(train, app, b, rng.derive("fedavg").nextLong())
          .run(new FedAvg(ClientSampler.fixedCount(s.perRound()), none), init, s.rounds()).global();
    }

    int le = pickEpochs(app, val, init, LOCAL_EPOCHS, evalRng);
    chosen.put("local_epochs", (double) le);
    acc.put(LOCAL, Evaluation.accuracy(app, test, init, finetune(le), null, Evaluation.Part.TEST, evalRng));
    acc.put(FEDAVG, Evaluation.accuracy(app, test, global, Config.empty(), null, Evaluation.Part.TEST, evalRng));
    int fe = pickEpochs(app, val, global, FT_EPOCHS, evalRng);
    chosen.put("finetune_epochs", (double) fe);
    acc.put(FINETUNE, Evaluation.accuracy(app, test, global, finetune(fe), null, Evaluation.Part.TEST, evalRng));

    if (s.hypCluster()) {
      List<Params> warm = new ArrayList<>();
      for (int j = 0; j < 2; j++) {
        Params start = Models.build(SPEC, data, rng.derive("hypcluster-init").derive(j)).params();
        try (InProcessBackend b = new InProcessBackend(2)) {
          warm.add(new Federation(train, app, b, rng.derive("hypcluster-warm").derive(j).nextLong())
              .run(new FedAvg(ClientSampler.fixedCount(s.perRound()), none), start, s.warmRounds()).global());
        }
      }
      Ifca ifca = new Ifca(ClientSampler.fixedCount(s.perRound()), 2) {
        @Override
        public List<EvaluateInstruction> configureEvaluate(int round, Params g, int[] pool, Rng r) {
          return List.of();
        }
      };
      Params stacked;
      try (InProcessBackend b = new InProcessBackend(2)) {
        stacked = new Federation(train, app, b, rng.derive("hypcluster").nextLong())
            .run(ifca, Ifca.stack(warm), s.rounds()).global();
      }
      acc.put(HYPCLUSTER, Evaluation.accuracy(app, test, stacked, Config.empty().with(Ifca.CLUSTERS, 2), null,
          Evaluation.Part.TEST, evalRng));
    }
    return new SeedOutcome(acc, chosen);
  }

  private static Config finetune(int epochs) {
    return Config.empty().with(SupervisedClient.FINETUNE_EPOCHS, epochs);
  }

  /** The epoch count with the best mean accuracy on the validation clients' evaluation sets. */
  private static int pickEpochs(SupervisedClient app, Map<Integer, ClientData> val, Params start, int[] grid,
      Rng rng) {
    double[] score = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      score[i] = Evaluation.mean(Evaluation.accuracy(app, val, start, finetune(grid[i]), null, Evaluation.Part.TEST,
          rng));
    }
    return grid[Evaluation.argmax(score)];
  }

  /** Personalisation set as train, evaluation set as test. */
  private static Map<Integer, ClientData> personal(Map<Integer, PersonalSplit> clients) {
    Map<Integer, ClientData> out = new TreeMap<>();
    clients.forEach((id, s) -> out.put(id, new ClientData(s.personalization(), null, s.evaluation())));
    return out;
  }
}
