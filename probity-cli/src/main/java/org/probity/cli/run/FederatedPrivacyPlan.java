package org.probity.cli.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.cli.spec.ClientsPerRound;
import org.probity.cli.spec.FederatedPrivacy;
import org.probity.cli.spec.FederatedSection;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.StrategySection;
import org.probity.federated.ClientData;
import org.probity.federated.DpFixedClipping;
import org.probity.federated.SiloPrivacy;
import org.probity.federated.Strategy;
import org.probity.federated.privacy.Batching;
import org.probity.federated.privacy.SampleDp;
import org.probity.federated.privacy.SiloBudget;
import org.probity.federated.privacy.SiloCalibration;
import org.probity.federated.privacy.SiloPlan;
import org.probity.federated.privacy.SiloReport;
import org.probity.privacy.accountant.NoiseCalibration;

/**
 * {@code federated.privacy} made concrete for one run, before anything is written: every strategy
 * wrapped in its privacy decorator — {@link SiloPrivacy} (sample level: DP-SGD in each silo, Liu,
 * Hu, Wu, Smith, NeurIPS 2022) or {@link DpFixedClipping} (client level: DP-FedAvg, McMahan et al.,
 * ICLR 2018) — with σ calibrated where a target ε is given (per silo over its planned steps, or over
 * the rounds at the client sampling rate), strategies that cannot be private at that level refused
 * at their spec path, and the accountant's parameters for provenance.json and summary.json.
 */
final class FederatedPrivacyPlan {
  /** Kinds that weigh or constrain with the clients' clean train losses, by the name messages give them. */
  private static final Map<String, String> LOSS_WEIGHTED = Map.of("qffl", "q-FFL", "tilted", "client tilting",
      "maxfl", "MaxFL", "bgl", "bounded group loss");
  private final FederatedPrivacy p;
  private final FederatedSection f;
  private final Map<Integer, ClientData> clients;
  private final double clientRate;
  private final double clientNoise;
  private final List<String> warnings = new ArrayList<>();

  private FederatedPrivacyPlan(FederatedPrivacy p, FederatedSection f, Map<Integer, ClientData> clients,
      double clientRate, double clientNoise) {
    this.p = p;
    this.f = f;
    this.clients = clients;
    this.clientRate = clientRate;
    this.clientNoise = clientNoise;
  }

  /** The plan of {@code loaded}'s privacy section over its prepared clients, or null without one. */
  static FederatedPrivacyPlan prepare(LoadedSpec loaded, FederatedExperimentData data) {
    FederatedSection f = loaded.spec().federated();
    FederatedPrivacy p = f.privacy();
    if (p == null) {
      return null;
    }
    Map<Integer, ClientData> clients = data.clients();
    double q = Double.NaN;
    double sigma = Double.NaN;
    if (!p.sampleLevel()) {
      q = clientRate(f.clientsPerRound(), clients.size());
      try {
        sigma = p.calibrated() ? NoiseCalibration.noiseFor(p.epsilon(), p.delta(), q, f.rounds()) : p.noise();
      } catch (IllegalArgumentException e) {
        throw loaded.error("federated.privacy.epsilon", e.getMessage());
      }
    }
    FederatedPrivacyPlan plan = new FederatedPrivacyPlan(p, f, clients, q, sigma);
    if (p.sampleLevel()) {
      int smallest = Integer.MAX_VALUE;
      for (ClientData c : clients.values()) {
        smallest = Math.min(smallest, c.train().size());
      }
      if (p.delta() >= 1.0 / smallest) {
        plan.warnings.add(String.format(Locale.ROOT, "δ=%s is not below 1/n=%.3g of the smallest client (%d training"
            + " examples): choose δ well below 1/n", p.delta(), 1.0 / smallest, smallest));
      }
    } else if (p.delta() >= 1.0 / clients.size()) {
      plan.warnings.add(String.format(Locale.ROOT, "δ=%s is not below 1/N=%.3g for %d clients: choose δ well below"
          + " 1/N", p.delta(), 1.0 / clients.size(), clients.size()));
    }
    if (loaded.spec().data().standardize()) {
      plan.warnings.add("data.standardize: each client standardises with the mean and spread of its own training"
          + " data, which are released without noise; the guarantee does not cover them (set standardize: false)");
    }
    if (!p.sampleLevel() && !f.clientsPerRound().kind().equals("poisson") && q < 1) {
      plan.warnings.add("client-level accounting assumes Poisson client sampling; clients_per_round "
          + f.clientsPerRound().label() + " draws fixed-size cohorts, accounted as Poisson with q=" + q
          + " (use {poisson: q} for exact accounting)");
    }
    return plan;
  }

  /** The client sampling rate q of {@code c} over {@code n} clients (the fraction sampler's count over n). */
  static double clientRate(ClientsPerRound c, int n) {
    return switch (c.kind()) {
      case "count" -> Math.min(c.count(), n) / (double) n;
      case "fraction" -> Math.max(1, Math.round(c.rate() * n)) / (double) n;
      case "poisson" -> c.rate();
      default -> 1.0;
    };
  }

  List<String> warnings() {
    return warnings;
  }

  /** The silo-level settings of the spec. */
  SampleDp sampleDp() {
    SampleDp dp = p.calibrated() ? SampleDp.targetEpsilon(p.epsilon(), p.delta(), p.clip())
        : SampleDp.noise(p.noise(), p.delta(), p.clip());
    dp = dp.withBatching(Batching.of(p.batching()));
    return p.selectionEpsilon() == null ? dp : dp.withSelectionEpsilon(p.selectionEpsilon());
  }

  /**
   * What strategy {@code s} touches of each silo over the run: its rounds, Ditto's second training,
   * FineTune's fine-tuning at every evaluation, IFCA's choices, and IFCA's FedAvg warm-up rounds on
   * the same silos ({@code warm_rounds} × clusters), which spend the same budget.
   */
  SiloPlan siloPlan(StrategySection s, Strategy base) {
    SiloPlan plan = SiloPlan.of(base, f.rounds(), f.evaluateEvery());
    if (s.kind().equals("ifca")) {
      plan = plan.plusRounds((long) s.integer("warm_rounds") * s.integer("clusters"));
    }
    return plan;
  }

  /** {@code base} made private; a kind that cannot be fails at {@code federated.strategies[i].kind}. */
  Strategy wrap(LoadedSpec loaded, int index, StrategySection s, Strategy base) {
    String at = "federated.strategies[" + index + "].kind";
    if (p.sampleLevel()) {
      if (LOSS_WEIGHTED.containsKey(s.kind())) {
        throw loaded.error(at, LOSS_WEIGHTED.get(s.kind()) + " weighs clients by their clean train losses, which"
            + " private clients do not release; leave it out of a private comparison");
      }
      SiloPlan plan = siloPlan(s, base);
      for (Map.Entry<Integer, ClientData> e : clients.entrySet()) {
        calibrate(loaded, e.getKey(), e.getValue().train().size(), plan);
      }
      return new SiloPrivacy(base, sampleDp(), plan);
    }
    if (List.of("local", "ifca", "fedmedian").contains(s.kind()) || LOSS_WEIGHTED.containsKey(s.kind())) {
      throw loaded.error(at, "client-level DP-FedAvg clips and noises the update of one global model; " + s.kind()
          + " " + (s.kind().equals("local") || s.kind().equals("ifca") ? "keeps no single global model"
          : "aggregates the individual replies") + " (use fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad,"
          + " ditto, mrmtl or finetune, or privacy level sample)");
    }
    return new DpFixedClipping(base, clientNoise, p.clip(), clientRate, p.delta());
  }

  /** σ of one silo, found now so that an unreachable target fails before any folder exists. */
  private void calibrate(LoadedSpec loaded, int id, int n, SiloPlan plan) {
    if (!p.calibrated()) {
      return;
    }
    int b = Math.min(f.batchSize(), n);
    long steps = plan.steps(f.localEpochs(), SiloBudget.stepsPerEpoch(n, f.batchSize()));
    try {
      SiloCalibration.noiseFor(p.epsilon(), p.delta(), (double) b / n, Math.max(1, steps),
          sampleDp().resolvedSelectionEpsilon(), plan.selections());
    } catch (IllegalArgumentException e) {
      throw loaded.error("federated.privacy.epsilon", "client " + id + " (" + n + " training examples, " + steps
          + " planned steps): " + e.getMessage());
    }
  }

  /** provenance.json's "privacy" entry of one strategy: the accountant's parameters, known before training. */
  Map<String, Object> provenance(Strategy s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", p.level());
    m.put("accountant", "rdp");
    m.put("mechanism", p.sampleLevel() ? "subsampled gaussian per silo (dp-sgd, " + p.batching() + " batches)"
        : "subsampled gaussian over clients (dp-fedavg, server-side fixed clipping)");
    m.put("delta", p.delta());
    m.put("clip", p.clip());
    if (p.calibrated()) {
      m.put("target_epsilon", p.epsilon());
    }
    if (s instanceof DpFixedClipping c) {
      m.put("noise", c.noiseMultiplier());
      m.put("sample_rate", c.sampleRate());
      m.put("rounds", f.rounds());
    } else if (s instanceof SiloPrivacy sp) {
      if (!p.calibrated()) {
        m.put("noise", p.noise());
      }
      m.put("batch_size", f.batchSize());
      m.put("local_epochs", f.localEpochs());
      m.put("planned_rounds", sp.plan().rounds());
      m.put("trainings_per_round", sp.plan().trainingsPerRound());
      m.put("planned_finetune_epochs", sp.plan().fineTuneEpochs());
      m.put("planned_selections", sp.plan().selections());
    }
    return m;
  }

  /** summary.json's "privacy" object of a finished strategy. */
  ObjectNode summary(Strategy s) {
    ObjectNode o = Json.object();
    o.put("level", p.level());
    o.put("accountant", "rdp");
    o.put("delta", p.delta());
    o.put("clip", p.clip());
    if (p.calibrated()) {
      o.put("target_epsilon", p.epsilon());
    }
    if (s instanceof SiloPrivacy sp) {
      o.put("batching", p.batching());
      if (!p.calibrated()) {
        o.put("noise", p.noise());
      }
      Json.put(o, "epsilon", sp.epsilon());
      ObjectNode silos = o.putObject("silos");
      SiloReport weakest = null;
      for (SiloReport r : sp.silos().values()) {
        ObjectNode so = silos.putObject(Integer.toString(r.silo()));
        Json.put(so, "epsilon", r.epsilon());
        so.put("noise", r.noiseMultiplier());
        so.put("sample_rate", r.sampleRate());
        so.put("steps", r.steps());
        so.put("planned_steps", r.plannedSteps());
        so.put("train_size", r.trainSize());
        if (r.selections() > 0) {
          so.put("selections", r.selections());
          so.put("selection_epsilon", r.selectionEpsilon());
        }
        so.put("guarantee", r.guarantee());
        if (weakest == null || r.epsilon() > weakest.epsilon()) {
          weakest = r;
        }
      }
      o.put("guarantee", weakest == null ? "no client trained" : weakest.guarantee());
    } else if (s instanceof DpFixedClipping c) {
      o.put("noise", c.noiseMultiplier());
      o.put("sample_rate", c.sampleRate());
      o.put("rounds", c.rounds());
      o.put("expected_cohort", c.expectedCohort());
      Json.put(o, "epsilon", c.epsilon());
      o.put("guarantee", c.guarantee());
    }
    ArrayNode w = o.putArray("warnings");
    warnings.forEach(w::add);
    return o;
  }

  /** The sentence printed after the table for strategy {@code name}. */
  PrivacyOutcome outcome(String name, Strategy s) {
    return new PrivacyOutcome(name, summary(s).get("guarantee").asText(), null);
  }
}
