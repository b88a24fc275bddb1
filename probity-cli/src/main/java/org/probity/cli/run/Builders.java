package org.probity.cli.run;

import java.util.ArrayList;
import java.util.List;
import org.probity.cli.spec.ObjectiveSection;
import org.probity.cli.spec.OptimizerSection;
import org.probity.cli.spec.ScheduleSection;
import org.probity.cli.spec.TrainSection;
import org.probity.core.data.Dataset;
import org.probity.core.dro.BitrateDro;
import org.probity.core.dro.CvarDro;
import org.probity.core.dro.GroupDro;
import org.probity.core.objective.GroupTilted;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Objective;
import org.probity.core.objective.StochasticGroupTerm;
import org.probity.core.objective.StochasticTilted;
import org.probity.core.objective.Tilted;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Schedule;
import org.probity.core.optim.Schedules;
import org.probity.core.optim.Transforms;
import org.probity.core.train.BatchSource;
import org.probity.core.train.TrainConfig;
import org.probity.tensor.Rng;

/**
 * Turns validated spec sections into the core's objects: the objective (and, for hierarchical
 * TERM's stochastic solver, the batch source that samples groups; the DRO objectives of
 * {@code org.probity.core.dro} fresh for each run), the optimiser as a
 * {@link Transforms#chain chain} (clip by global norm, then coupled weight decay for all but adamw,
 * then the optimiser with its learning-rate schedule), and the trainer's configuration.
 */
final class Builders {
  private Builders() {}

  /** An objective and, when the solver chooses batches itself, its batch source (else null). */
  record ObjectivePlan(Objective objective, BatchSource batches) {}

  /**
   * The objective of {@code o} for training on {@code train}. Group DRO and BR-DRO hold state for
   * one run (the group weights; the adversary and its optimiser), so each call builds a fresh one;
   * BR-DRO's adversary is initialised and sampled from {@code rng}.
   */
  static ObjectivePlan objective(ObjectiveSection o, Dataset train, int batchSize, Rng rng) {
    boolean stochastic = "stochastic".equals(o.solver());
    return switch (o.kind()) {
      case "tilted" -> new ObjectivePlan(stochastic ? new StochasticTilted(o.t(), o.lambda()) : new Tilted(o.t()), null);
      case "group-tilted" -> {
        if (!stochastic) {
          yield new ObjectivePlan(new GroupTilted(o.tau(), o.t()), null);
        }
        // The group sampler tilts across groups (tau); within the sampled group's batch, the inner tilt t.
        StochasticGroupTerm term = StochasticGroupTerm.forGroups(train.groups(), o.tau());
        Objective inner = o.t() == 0 ? Mean.INSTANCE : new Tilted(o.t());
        yield new ObjectivePlan(inner, BatchSource.groupTerm(term, train, batchSize));
      }
      case "cvar-dro" -> new ObjectivePlan(new CvarDro(o.alpha()), null);
      case "group-dro" -> new ObjectivePlan(new GroupDro(train.numGroups(), o.step()), null);
      case "bitrate-dro" -> {
        BitrateDro.Config c = BitrateDro.Config.of(o.alpha(), o.gamma()).withZDim(o.zDim())
            .withAdversaryLr(o.adversaryLr());
        yield new ObjectivePlan(new BitrateDro(c, train.exampleShape().size(), train.numClasses(), rng), null);
      }
      default -> new ObjectivePlan(Mean.INSTANCE, null);
    };
  }

  static GradientTransform<?> optimizer(OptimizerSection o, int totalSteps) {
    Schedule lr = schedule(o.lr(), o.schedule(), totalSteps);
    GradientTransform<?> base = switch (o.name()) {
      case "sgd" -> o.momentum() > 0 ? Optimizers.momentum(lr, o.momentum()) : Optimizers.sgd(lr);
      case "momentum" -> Optimizers.momentum(lr, o.momentum());
      case "nesterov" -> Optimizers.nesterov(lr, o.momentum());
      case "adam" -> Optimizers.adam(lr, o.betas().get(0), o.betas().get(1), o.eps());
      case "adamw" -> Optimizers.adamw(lr, o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay());
      case "rmsprop" -> Optimizers.rmsprop(lr, o.decay(), o.eps());
      case "adagrad" -> Optimizers.adagrad(lr, o.eps());
      default -> throw new IllegalStateException("optimizer " + o.name() + " passed validation but has no builder");
    };
    List<GradientTransform<?>> links = new ArrayList<>();
    if (o.clipNorm() != null) {
      links.add(Transforms.clipByGlobalNorm(o.clipNorm()));
    }
    if (o.weightDecay() > 0 && !o.name().equals("adamw")) {
      links.add(Transforms.addDecayedWeights(o.weightDecay()));
    }
    if (links.isEmpty()) {
      return base;
    }
    links.add(base);
    return Transforms.chain(links.toArray(new GradientTransform<?>[0]));
  }

  static Schedule schedule(double lr, ScheduleSection s, int totalSteps) {
    Schedule main = switch (s.kind()) {
      case "step" -> Schedules.step(lr, s.stepSize(), s.gamma());
      case "cosine" -> Schedules.cosine(lr, Math.max(1, totalSteps - s.warmupSteps()), s.minLr());
      default -> Schedules.constant(lr);
    };
    return s.warmupSteps() > 0 ? Schedules.warmup(s.warmupSteps(), main) : main;
  }

  static TrainConfig trainConfig(TrainSection t, long seed) {
    return new TrainConfig(t.epochs() == null ? 0 : t.epochs(), t.steps() == null ? 0 : t.steps(), t.batchSize(),
        t.evalEvery(), seed, 0, t.logEvery());
  }
}
