package org.probity.privacy.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.privacy.optim.AdaDps;
import org.probity.privacy.optim.Privatizer;
import org.probity.privacy.optim.PrivateOptimizer;
import org.probity.privacy.optim.PrivatizeThen;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * One seed of AdaDPS on the DP² task (notes §9 (b)): the two-scale logistic task and privacy
 * setting of {@link Dp2Experiment} (q = 0.0064 with Poisson batches, σ = 1, clip 1, 1,560 steps,
 * δ = 1e-5), with side information = the known feature scales, A_j = s_j for the weights and 1 for
 * the bias. Dividing each example's gradient by s_j puts every coordinate on the same footing
 * before clipping, which is what the feature-frequency side information does on IMDB. DP-SGD and
 * AdaDPS each choose their learning rate on validation (each grid brackets its own optimum: the
 * preconditioned gradient has another scale) and are scored on test.
 */
final class AdaDpsScalesExperiment {
  private AdaDpsScalesExperiment() {}

  /** The learning-rate grids. */
  record Grid(double[] dpSgdLrs, double[] adaDpsLrs) {
    static Grid full() {
      return new Grid(new double[] {1, 3, 0.3, 10}, new double[] {0.3, 1, 0.1, 3});
    }

    static Grid quick() {
      return new Grid(new double[] {1, 3}, new double[] {0.3, 1});
    }
  }

  /** Each method's validation-chosen trial. */
  record Outcome(Trial dpSgd, Trial adaDps) {}

  static Outcome run(Grid grid, Rng rng) {
    TwoScaleLogistic.Config config = TwoScaleLogistic.Config.notes();
    TwoScaleLogistic.Task task = TwoScaleLogistic.generate(config, Dp2Experiment.TRAIN, Dp2Experiment.VALIDATION,
        Dp2Experiment.TEST, rng.derive("task"));
    Rng batches = rng.derive("batches");
    Rng noise = rng.derive("noise");
    Privatizer release = new Privatizer(Dp2Experiment.CLIP, Dp2Experiment.SIGMA, Dp2Experiment.BATCH);
    List<Trial> sgd = new ArrayList<>();
    for (double lr : grid.dpSgdLrs()) {
      sgd.add(trial("dp-sgd", "lr=" + lr, PrivatizeThen.dpSgd(release, lr, noise), task, batches));
    }
    Params side = knownScales(config);
    List<Trial> ada = new ArrayList<>();
    for (double lr : grid.adaDpsLrs()) {
      ada.add(trial("adadps", "lr=" + lr, AdaDps.sgd(release, side, 0, lr, noise), task, batches));
    }
    return new Outcome(Trial.best(sgd), Trial.best(ada));
  }

  /** A = s_j for each weight, 1 for the bias (its gradient, σ(z) − y, is already of unit scale). */
  static Params knownScales(TwoScaleLogistic.Config config) {
    double[] s = config.scales();
    float[] w = new float[s.length];
    for (int j = 0; j < s.length; j++) {
      w[j] = (float) s[j];
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", Tensor.wrap(w, Shape.of(1, s.length)));
    m.put("bias", Tensor.vector(1f));
    return new Params(m);
  }

  private static <S> Trial trial(String method, String setting, PrivateOptimizer<S> opt, TwoScaleLogistic.Task task,
      Rng batches) {
    PrivateLogistic.Outcome o = PrivateLogistic.train(opt, task.train(), Dp2Experiment.sampleRate(),
        Dp2Experiment.steps(), Dp2Experiment.DELTA, batches);
    return new Trial(method, setting, PrivateLogistic.accuracy(o.model(), task.validation()),
        PrivateLogistic.accuracy(o.model(), task.test()), o.epsilon());
  }
}
