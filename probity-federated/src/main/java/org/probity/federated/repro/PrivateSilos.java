package org.probity.federated.repro;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.partition.ClientSplit;
import org.probity.core.data.partition.CrossSiloSplit;
import org.probity.core.data.partition.MotleyProtocol;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.synthetic.RotatedPatchedDigits;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.Config;
import org.probity.federated.FedAvg;
import org.probity.federated.Federation;
import org.probity.federated.InProcessBackend;
import org.probity.federated.Local;
import org.probity.federated.MrMtl;
import org.probity.federated.SiloPrivacy;
import org.probity.federated.Strategy;
import org.probity.federated.SupervisedClient;
import org.probity.federated.privacy.SampleDp;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * MR-MTL's cross-silo experiment at small scale (Liu, Hu, Wu, Smith, NeurIPS 2022; notes §2 (b)):
 * rotated + patched digits silos ({@link RotatedPatchedDigits}), each split 70/15/15
 * ({@link MotleyProtocol#crossSilo}), softmax regression from a zero-ish shared initialisation,
 * every silo every round, one local epoch of batches of B. Each silo runs DP-SGD on its own
 * examples ({@link SiloPrivacy}: Poisson batches at q = B/n_k, clip C, σ_k calibrated so that silo k
 * spends exactly the target ε over the run), or trains without privacy for ε = ∞. For every ε the
 * arms are Local, FedAvg and MR-MTL at each λ of a grid, each at each learning rate of a grid;
 * every arm is scored by the mean over silos of validation and of test accuracy. Choosing among
 * the arms happens in {@link MrMtlRepro}, on validation, averaged over seeds.
 */
final class PrivateSilos {
  static final String LOCAL = "local";
  static final String FEDAVG = "fedavg";
  static final String MRMTL = "mrmtl";

  private static final ModelSpec SPEC = ModelSpec.softmax();

  /**
   * @param silos the number of silos (four rotation clusters)
   * @param rounds federated rounds, one local epoch each
   * @param batch B, the expected Poisson batch
   * @param clip C
   * @param delta δ
   * @param epsilons the targets; +∞ trains without privacy
   * @param lambdas MR-MTL's grid
   * @param lrs the clients' SGD learning rates
   */
  record Settings(int silos, int rounds, int batch, double clip, double delta, double[] epsilons, double[] lambdas,
      double[] lrs) {
    @Override
    public String toString() {
      return silos + " silos, " + rounds + " rounds, B=" + batch + ", C=" + clip + ", δ=" + delta + ", ε "
          + java.util.Arrays.toString(epsilons) + ", λ " + java.util.Arrays.toString(lambdas) + ", lr "
          + java.util.Arrays.toString(lrs);
    }
  }

  /** One arm: method, ε, λ (NaN for Local and FedAvg) and learning rate. */
  record Arm(String method, double epsilon, double lambda, double lr) {}

  /** An arm's mean silo accuracies and the largest ε any silo spent (0 without privacy). */
  record Score(double validation, double test, double spentEpsilon) {}

  private PrivateSilos() {}

  /** Every arm of {@code s} on one seed's silos. */
  static Map<Arm, Score> run(Settings s, Rng rng) {
    Partition p = RotatedPatchedDigits.partition(s.silos(), rng.derive("data"));
    CrossSiloSplit split = MotleyProtocol.crossSilo(p, rng.derive("split"));
    Map<Integer, ClientData> silos = new TreeMap<>();
    for (Map.Entry<Integer, ClientSplit> e : split.silos().entrySet()) {
      ClientSplit c = e.getValue();
      silos.put(e.getKey(), new ClientData(c.train(), c.validation(), c.test()));
    }
    Params init = Models.build(SPEC, p.dataset(), rng.derive("init")).params();
    Map<Arm, Score> out = new LinkedHashMap<>();
    for (double eps : s.epsilons()) {
      for (double lr : s.lrs()) {
        SupervisedClient app = new SupervisedClient(SPEC, 1, s.batch(), Optimizers.sgd(lr));
        out.put(new Arm(LOCAL, eps, Double.NaN, lr), score(new Local(), s, eps, silos, app, init, rng, true));
        out.put(new Arm(FEDAVG, eps, Double.NaN, lr), score(new FedAvg(ClientSampler.all()), s, eps, silos, app, init,
            rng, false));
        for (double lambda : s.lambdas()) {
          out.put(new Arm(MRMTL, eps, lambda, lr), score(new MrMtl(lambda), s, eps, silos, app, init, rng, true));
        }
      }
    }
    return out;
  }

  private static Score score(Strategy base, Settings s, double eps, Map<Integer, ClientData> silos,
      SupervisedClient app, Params init, Rng rng, boolean personal) {
    SiloPrivacy dp = Double.isInfinite(eps) ? null
        : new SiloPrivacy(base, SampleDp.targetEpsilon(eps, s.delta(), s.clip()), s.rounds(), s.rounds());
    Strategy strategy = dp == null ? base : dp;
    // The same federation seed for every arm of a seed: arms differ by their settings alone.
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(silos, app, b, rng.derive("federation").nextLong()).withEvaluateEvery(s.rounds());
      Params global = f.run(strategy, init, s.rounds()).global();
      Config cfg = personal ? Config.empty().with(SupervisedClient.PERSONAL, true) : Config.empty();
      Rng evalRng = rng.derive("evaluate");
      double val = Evaluation.mean(Evaluation.accuracy(app, silos, global, cfg, f.store(), Evaluation.Part.VALIDATION,
          evalRng));
      double test = Evaluation.mean(Evaluation.accuracy(app, silos, global, cfg, f.store(), Evaluation.Part.TEST,
          evalRng));
      return new Score(val, test, dp == null ? 0 : dp.epsilon());
    }
  }
}
