package org.probity.cli.run;

import java.util.List;
import org.probity.cli.spec.ClientsPerRound;
import org.probity.cli.spec.StrategySection;
import org.probity.federated.BoundedGroupLoss;
import org.probity.federated.ClientSampler;
import org.probity.federated.Ditto;
import org.probity.federated.FedAdagrad;
import org.probity.federated.FedAdam;
import org.probity.federated.FedAvg;
import org.probity.federated.FedAvgM;
import org.probity.federated.FedMedian;
import org.probity.federated.FedProx;
import org.probity.federated.FedYogi;
import org.probity.federated.FineTune;
import org.probity.federated.Ifca;
import org.probity.federated.Local;
import org.probity.federated.MaxFl;
import org.probity.federated.MrMtl;
import org.probity.federated.QFfl;
import org.probity.federated.TiltedFedAvg;
import org.probity.federated.Strategy;

/**
 * Turns a validated {@link StrategySection} into the engine's {@link Strategy}, and
 * {@code clients_per_round} into its {@link ClientSampler}. Local training ignores the sampler:
 * every client trains its own model every round, as the no-communication baseline is defined.
 */
final class StrategyFactory {
  private StrategyFactory() {}

  static ClientSampler sampler(ClientsPerRound c) {
    return switch (c.kind()) {
      case "count" -> ClientSampler.fixedCount(c.count());
      case "fraction" -> ClientSampler.fraction(c.rate());
      case "poisson" -> ClientSampler.poisson(c.rate());
      default -> ClientSampler.all();
    };
  }

  /** A fresh strategy (server state is its own); the engine's own checks surface as IllegalArgumentException. */
  static Strategy build(StrategySection s, ClientSampler sampler) {
    return switch (s.kind()) {
      case "fedavg" -> new FedAvg(sampler);
      case "fedavgm" -> new FedAvgM(sampler, s.number("server_lr"), s.number("momentum"));
      case "fedprox" -> new FedProx(sampler, s.number("mu"));
      case "fedadam" -> new FedAdam(sampler, s.number("server_lr"), beta(s, 0), beta(s, 1), s.number("eps"));
      case "fedyogi" -> new FedYogi(sampler, s.number("server_lr"), beta(s, 0), beta(s, 1), s.number("eps"),
          s.number("initial_accumulator"));
      case "fedadagrad" -> new FedAdagrad(sampler, s.number("server_lr"), s.number("eps"));
      case "fedmedian" -> new FedMedian(sampler);
      case "local" -> new Local();
      case "finetune" -> new FineTune(sampler, epochs(s), s.flag("last_layer"),
          s.has("lr") ? s.number("lr") : Double.NaN);
      case "ditto" -> new Ditto(sampler, s.number("lambda"));
      case "mrmtl" -> new MrMtl(sampler, s.number("lambda"));
      case "ifca" -> new Ifca(sampler, s.integer("clusters"));
      case "qffl" -> new QFfl(sampler, s.number("q"), s.number("lipschitz"));
      case "tilted" -> s.has("inner_t") ? TiltedFedAvg.hierarchical(sampler, s.number("t"), s.number("inner_t"))
          : new TiltedFedAvg(sampler, s.number("t"));
      case "bgl" -> new BoundedGroupLoss(sampler, s.number("zeta"), s.number("bound"), s.number("dual_step"),
          s.has("groups") ? ints(s, "groups") : null);
      case "maxfl" -> new MaxFl(sampler, s.flag("normalised"), s.number("server_lr"), s.number("sharpness"), true);
      default -> throw new IllegalStateException("strategy kind " + s.kind() + " passed validation but has no builder");
    };
  }

  /** FineTune's epoch grid, as the spec lists it. */
  static int[] epochs(StrategySection s) {
    return ints(s, "epochs");
  }

  /** The integer list {@code key} of {@code s} as an array. */
  static int[] ints(StrategySection s, String key) {
    List<Number> l = s.list(key);
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i).intValue();
    }
    return out;
  }

  private static double beta(StrategySection s, int i) {
    return s.list("betas").get(i).doubleValue();
  }
}
