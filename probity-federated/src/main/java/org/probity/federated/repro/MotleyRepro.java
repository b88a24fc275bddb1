package org.probity.federated.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.federated.metrics.ClientDistribution;
import org.probity.federated.metrics.HurtFraction;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Motley (Wu, Li, Smith et al., "Motley: Benchmarking Heterogeneity
 * and Personalization in Federated Learning", FL-NeurIPS workshop 2022 / arXiv 2206.09262): in
 * heterogeneous federations, FedAvg + local fine-tuning is a strong baseline that beats both one
 * global model and purely local models on average; averages hide the clients that personalisation
 * makes worse off; and in the cross-silo setting some personalised method (fine-tuning, Ditto,
 * MR-MTL, IFCA) beats both FedAvg and Local, though which one varies. It runs the federated engine's
 * strategies on a cross-device setting ({@link CrossDevice}, Synthetic(1,1)) and a cross-silo one
 * ({@link CrossSilo}, rotated + patched digits), with Motley's protocol. Thresholds are fixed in the
 * claim statements, before measuring; every seed derives from the run seed.
 */
public final class MotleyRepro implements Repro {
  static final Claim FINETUNE_WINS = new Claim("motley-cross-device-finetune",
      "Cross-device (Synthetic(1,1) with 100 clients split 60/20/20 into train/validation/test clients, each"
          + " validation/test client's rows split 50/50 into personalisation/evaluation; softmax regression): the"
          + " seed-averaged mean test-client accuracy of FedAvg + fine-tuning (epochs chosen on validation clients)"
          + " exceeds both FedAvg's and Local's by at least 1 point (FULL: 3 seeds, 100 rounds; QUICK: 1 seed,"
          + " 40 rounds).");
  static final Claim HIDDEN_HARM = new Claim("motley-averages-hide-harm",
      "Averages hide harm: on at least 2 of 3 seeds (FULL; QUICK: its one seed), some personalised method whose"
          + " mean test accuracy exceeds FedAvg's (FedAvg + fine-tuning or HypCluster cross-device; fine-tuning,"
          + " Ditto, MR-MTL or IFCA cross-silo) leaves a nonzero fraction of clients strictly worse off than under"
          + " FedAvg. Hurt fractions against FedAvg and against Local are reported for every personalised method.");
  static final Claim SILO_PERSONALISATION_WINS = new Claim("motley-cross-silo-personalisation",
      "Cross-silo (rotated + patched digits, 12 silos in 4 rotation clusters, 70/15/15 per silo; softmax"
          + " regression): the seed-averaged mean silo test accuracy of at least one personalised method"
          + " (fine-tuning, Ditto, MR-MTL or IFCA, each with its setting chosen on validation) exceeds both FedAvg's"
          + " and Local's (any positive margin, as the notes' criterion; which method wins is not asserted)."
          + " FULL: 3 seeds, 60 rounds; QUICK: 1 seed, 30 rounds.");

  /** Margin of claim 1, in accuracy (1 point). */
  static final double FINETUNE_MARGIN = 0.01;

  private static final int QUICK_SEEDS = 1;
  private static final int FULL_SEEDS = 3;

  @Override
  public String id() {
    return "motley";
  }

  @Override
  public String paper() {
    return "Wu, Li, Smith et al. Motley: Benchmarking Heterogeneity and Personalization in Federated Learning."
        + " FL-NeurIPS workshop 2022 (arXiv 2206.09262)";
  }

  @Override
  public List<Claim> claims() {
    return List.of(FINETUNE_WINS, HIDDEN_HARM, SILO_PERSONALISATION_WINS);
  }

  /** The scale of each setting in a mode. */
  static CrossDevice.Settings deviceSettings(Mode mode) {
    return mode == Mode.FULL ? new CrossDevice.Settings(100, 100, 10, 400, true, 20)
        : new CrossDevice.Settings(100, 40, 10, 400, true, 10);
  }

  static CrossSilo.Settings siloSettings(Mode mode) {
    return mode == Mode.FULL ? new CrossSilo.Settings(12, 60, true) : new CrossSilo.Settings(12, 30, true);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    int seeds = mode == Mode.FULL ? FULL_SEEDS : QUICK_SEEDS;
    Rng root = new Rng(seed).derive("motley");
    List<SeedOutcome> device = new ArrayList<>();
    List<SeedOutcome> silo = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      device.add(CrossDevice.run(deviceSettings(mode), root.derive("cross-device").derive(i)));
      silo.add(CrossSilo.run(siloSettings(mode), root.derive("cross-silo").derive(i)));
    }
    String scale = " (" + seeds + " seed(s); cross-device " + deviceSettings(mode) + "; cross-silo "
        + siloSettings(mode) + ")";
    return new ReproResult(id(), paper(), mode, seed, List.of(fineTuneWins(device, scale),
        hiddenHarm(device, silo, scale), siloWins(silo, scale)));
  }

  private static ClaimResult fineTuneWins(List<SeedOutcome> device, String scale) {
    Map<String, Double> m = new LinkedHashMap<>();
    putMeans(m, "cd", device);
    double ft = m.get("cd.finetune.mean");
    double avg = m.get("cd.fedavg.mean");
    double local = m.get("cd.local.mean");
    m.put("cd.finetune_minus_fedavg", ft - avg);
    m.put("cd.finetune_minus_local", ft - local);
    boolean pass = ft - avg >= FINETUNE_MARGIN && ft - local >= FINETUNE_MARGIN;
    return new ClaimResult(FINETUNE_WINS, m, pass, "mean test-client accuracy averaged over seeds; margin "
        + FINETUNE_MARGIN + scale);
  }

  private static ClaimResult hiddenHarm(List<SeedOutcome> device, List<SeedOutcome> silo, String scale) {
    Map<String, Double> m = new LinkedHashMap<>();
    int seedsWithHarm = 0;
    for (int i = 0; i < device.size(); i++) {
      boolean harm = hides(device.get(i), CrossDevice.FEDAVG) | hides(silo.get(i), CrossSilo.FEDAVG);
      seedsWithHarm += harm ? 1 : 0;
    }
    putHurt(m, "cd", device, List.of(CrossDevice.FINETUNE, CrossDevice.HYPCLUSTER));
    putHurt(m, "cs", silo, CrossSilo.PERSONALISED);
    int seeds = device.size();
    int needed = (int) Math.ceil(2.0 * seeds / 3.0);
    m.put("seeds", (double) seeds);
    m.put("seeds_with_hidden_harm", (double) seedsWithHarm);
    m.put("seeds_needed", (double) needed);
    return new ClaimResult(HIDDEN_HARM, m, seedsWithHarm >= needed, "hurt = strictly lower test accuracy than"
        + " the baseline on the same client (tolerance 0); fractions averaged over seeds" + scale);
  }

  private static ClaimResult siloWins(List<SeedOutcome> silo, String scale) {
    Map<String, Double> m = new LinkedHashMap<>();
    putMeans(m, "cs", silo);
    double baseline = Math.max(m.get("cs.fedavg.mean"), m.get("cs.local.mean"));
    double best = Double.NEGATIVE_INFINITY;
    for (String method : CrossSilo.PERSONALISED) {
      Double v = m.get("cs." + method + ".mean");
      if (v != null) {
        best = Math.max(best, v);
      }
    }
    m.put("cs.best_personalised_minus_best_baseline", best - baseline);
    return new ClaimResult(SILO_PERSONALISATION_WINS, m, best > baseline,
        "mean silo test accuracy averaged over seeds; settings chosen on validation splits" + scale);
  }

  /** True when some personalised method beats FedAvg on the mean and still hurts a client relative to it. */
  private static boolean hides(SeedOutcome o, String fedavg) {
    double base = o.mean(fedavg);
    for (Map.Entry<String, java.util.SortedMap<Integer, Double>> e : o.testAccuracy().entrySet()) {
      String method = e.getKey();
      if (method.equals(fedavg) || method.equals(CrossDevice.LOCAL)) {
        continue;
      }
      if (o.mean(method) > base && HurtFraction.of(e.getValue(), o.testAccuracy().get(fedavg)).hurt() > 0) {
        return true;
      }
    }
    return false;
  }

  private static void putMeans(Map<String, Double> m, String prefix, List<SeedOutcome> outcomes) {
    for (String method : outcomes.get(0).testAccuracy().keySet()) {
      double mean = 0;
      double std = 0;
      double worst = 0;
      for (SeedOutcome o : outcomes) {
        ClientDistribution d = ClientDistribution.of(o.testAccuracy().get(method));
        mean += d.mean() / outcomes.size();
        std += d.std() / outcomes.size();
        worst += d.worst10Mean() / outcomes.size();
      }
      m.put(prefix + "." + method + ".mean", mean);
      m.put(prefix + "." + method + ".std_over_clients", std);
      m.put(prefix + "." + method + ".worst10", worst);
    }
    for (String key : outcomes.get(0).chosen().keySet()) {
      double v = 0;
      for (SeedOutcome o : outcomes) {
        v += o.chosen().get(key) / outcomes.size();
      }
      m.put(prefix + ".chosen." + key, v);
    }
    m.put(prefix + ".clients", (double) outcomes.get(0).testAccuracy().values().iterator().next().size());
  }

  private static void putHurt(Map<String, Double> m, String prefix, List<SeedOutcome> outcomes, List<String> methods) {
    for (String method : methods) {
      if (!outcomes.get(0).testAccuracy().containsKey(method)) {
        continue;
      }
      double vsAvg = 0;
      double vsLocal = 0;
      double gain = 0;
      for (SeedOutcome o : outcomes) {
        HurtFraction a = HurtFraction.of(o.testAccuracy().get(method), o.testAccuracy().get("fedavg"));
        HurtFraction l = HurtFraction.of(o.testAccuracy().get(method), o.testAccuracy().get("local"));
        vsAvg += a.fraction() / outcomes.size();
        vsLocal += l.fraction() / outcomes.size();
        gain += (o.mean(method) - o.mean("fedavg")) / outcomes.size();
      }
      m.put(prefix + "." + method + ".hurt_vs_fedavg", vsAvg);
      m.put(prefix + "." + method + ".hurt_vs_local", vsLocal);
      m.put(prefix + "." + method + ".gain_over_fedavg", gain);
    }
  }
}
