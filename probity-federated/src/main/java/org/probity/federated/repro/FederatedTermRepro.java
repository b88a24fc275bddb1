package org.probity.federated.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.Split;
import org.probity.core.data.partition.IidPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.synthetic.TransformedDigits;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.core.repro.term.TermRepro;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.FederationResult;
import org.probity.federated.InProcessBackend;
import org.probity.federated.QFfl;
import org.probity.federated.Strategy;
import org.probity.federated.SupervisedClient;
import org.probity.federated.TiltedClient;
import org.probity.federated.TiltedFedAvg;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The federated claim of TERM (Li, Beirami, Sanjabi, Smith, "Tilted Empirical Risk Minimization",
 * ICLR 2021 / "On Tilted Losses in Machine Learning", JMLR 2023, fair federated learning): tilting
 * the clients' losses with t &gt; 0 ({@link TiltedFedAvg}) makes the clients' test accuracies more
 * uniform than FedAvg's at a small cost in mean accuracy, with q-FFL (q = 1; Li, Sanjabi, Beirami,
 * Smith, ICLR 2020) as the fairness baseline in the same table. The federation is the heterogeneous
 * one of q-FFL's fairness test: 20 iid clients of the 8x8 digits of which 4 see every image rotated
 * by 90°, so FedAvg's single softmax model serves the rotated minority badly. It is the federated
 * part of the {@code term} reproduction: registered under core's id and paper, it lives here because
 * it needs the federated engine, and {@code probity repro term} runs both parts
 * ({@link org.probity.core.repro.CombinedRepro}). Thresholds are fixed in the claim before
 * measuring (the mean-cost bound is the notes' 2 points).
 */
public final class FederatedTermRepro implements Repro {
  /** The client tilt of the claim (chosen before measuring: about one nat of loss gap, one e-fold of weight). */
  static final double TILT = 1.0;
  /** The within-client tilt of the hierarchical row (reported, not asserted). */
  static final double INNER_TILT = 1.0;
  /** q-FFL's q in the baseline row. */
  static final double Q = 1.0;
  /** The largest mean-accuracy cost allowed against FedAvg (notes §1 criterion 2: ≤ 2 points). */
  static final double MEAN_COST = 0.02;

  static final Claim NARROWS_SPREAD = new Claim("term-federated-narrows-spread",
      "On 20 digit clients of which 4 see images rotated by 90° (softmax regression, full participation, one"
          + " local epoch of SGD at 0.1, batch 10), TERM across clients with t = " + TILT + " gives a lower"
          + " seed-averaged standard deviation of the clients' test accuracy than FedAvg, and a seed-averaged mean"
          + " accuracy at most " + (int) Math.round(MEAN_COST * 100) + " points below FedAvg's. q-FFL (q = " + Q
          + ") is reported in the same table as the baseline, and hierarchical TERM (tilt " + TILT + " across clients, "
          + INNER_TILT + " within each) as a further row; neither is asserted. QUICK: 1 seed, 150 rounds;"
          + " FULL: 3 seeds, 300 rounds.");

  /** The central part, whose id and paper this part shares. */
  private static final TermRepro TERM = new TermRepro();
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final double LR = 0.1;
  private static final int CLIENTS = 20;
  private static final int ROTATED = 4;

  @Override
  public String id() {
    return TERM.id();
  }

  @Override
  public String paper() {
    return TERM.paper();
  }

  @Override
  public List<Claim> claims() {
    return List.of(NARROWS_SPREAD);
  }

  static int rounds(Mode mode) {
    return mode == Mode.FULL ? 300 : 150;
  }

  static int seeds(Mode mode) {
    return mode == Mode.FULL ? 3 : 1;
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    Rng root = new Rng(seed).derive("term-federated");
    int seeds = seeds(mode);
    int rounds = rounds(mode);
    String[] names = {"fedavg", "term", "qffl", "hierarchical"};
    double[][] sums = new double[names.length][3];
    Dataset digits = Datasets.load("digits");
    for (int i = 0; i < seeds; i++) {
      Rng r = root.derive(i);
      Map<Integer, ClientData> clients = rotatedMinority(digits, r.derive("data"));
      Strategy[] strategies = {new FedAvg(ClientSampler.all()), new TiltedFedAvg(ClientSampler.all(), TILT),
          new QFfl(ClientSampler.all(), Q, 1 / LR),
          TiltedFedAvg.hierarchical(ClientSampler.all(), TILT, INNER_TILT)};
      for (int s = 0; s < strategies.length; s++) {
        // Only the hierarchical row needs clients that can train a tilted objective.
        ClientApp app = s == 3 ? new TiltedClient(SPEC, 1, 10, Optimizers.sgd(LR))
            : new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(LR));
        ClientDistribution d = accuracies(clients, app, strategies[s], rounds, r);
        sums[s][0] += d.mean() / seeds;
        sums[s][1] += d.std() / seeds;
        sums[s][2] += d.worst10Mean() / seeds;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int s = 0; s < names.length; s++) {
      m.put(names[s] + ".mean", sums[s][0]);
      m.put(names[s] + ".std", sums[s][1]);
      m.put(names[s] + ".worst10", sums[s][2]);
    }
    double cost = sums[0][0] - sums[1][0];
    m.put("term.mean_cost", cost);
    m.put("term.std_ratio", sums[1][1] / sums[0][1]);
    boolean pass = sums[1][1] < sums[0][1] && cost <= MEAN_COST;
    String note = "client test accuracy averaged over " + seeds + " seed(s), " + rounds + " rounds; t = " + TILT
        + ", q = " + Q + " (L = 1/η); hierarchical: tau = " + TILT + ", inner t = " + INNER_TILT + "; pass: term.std < fedavg.std and term.mean_cost <= " + MEAN_COST;
    return new ReproResult(id(), paper(), mode, seed, List.of(new ClaimResult(NARROWS_SPREAD, m, pass, note)));
  }

  /** 20 iid clients of the digits; clients 0..3 see every image rotated by 90°; 25% of each is test. */
  static Map<Integer, ClientData> rotatedMinority(Dataset digits, Rng rng) {
    return RotatedMinorityDigits.clients(digits, CLIENTS, ROTATED, rng.derive("partition"), rng.derive("split"));
  }

  /** The final per-client test accuracies after {@code rounds} full-participation rounds. */
  static ClientDistribution accuracies(Map<Integer, ClientData> clients, ClientApp app, Strategy strategy, int rounds,
      Rng rng) {
    Params init = Models.build(SPEC, clients.values().iterator().next().train(), rng.derive("init")).params();
    long fedSeed = rng.derive("federation").nextLong();
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(2)) {
      r = new Federation(clients, app, b, fedSeed).withEvaluateEvery(rounds).run(strategy, init, rounds);
    }
    Map<Integer, Double> acc = new TreeMap<>();
    for (Map.Entry<Integer, EvaluateReply> e : r.finalClientMetrics().entrySet()) {
      acc.put(e.getKey(), e.getValue().metrics().get("accuracy"));
    }
    if (acc.size() != clients.size()) {
      throw new IllegalStateException("term-federated: " + acc.size() + " of " + clients.size() + " clients evaluated");
    }
    return ClientDistribution.of(acc);
  }
}
