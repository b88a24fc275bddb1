package org.probity.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Mean;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.core.train.GradientOracle;
import org.probity.privacy.optim.ClippedGradient;
import org.probity.privacy.optim.DpTransforms;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Kernels;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;

/**
 * One DP-SGD step (Abadi et al. 2016) of mlp-step's 784-256-10 MLP on a batch of 64, against the
 * non-private SGD step of the same model in the same process, interleaved by the runner. Both go
 * through the trainer's own pieces (a {@link GradientOracle}, a gradient-transform chain,
 * {@code applyUpdates}), so the difference is exactly what privacy adds: per-example norms and
 * clipping ({@link ClippedGradient}, one backward pass with reweighted GEMMs) and one Gaussian per
 * parameter ({@link DpTransforms#gaussianNoise}). Opacus-style materialised per-example gradients
 * typically cost 2× or more; the aim here is at most 1.3× the non-private step.
 */
final class DpMlpStepWorkload implements Workload {
  static final int[] WIDTHS = MlpStepWorkload.WIDTHS;
  static final int BATCH = MlpStepWorkload.BATCH;
  static final double CLIP = 1.0;
  static final double NOISE = 1.0;
  static final double LEARNING_RATE = 0.01;
  /** The target for the cost of a private step relative to a non-private one. */
  static final double AIM = 1.3;

  @Override
  public String name() {
    return "dp-mlp-step";
  }

  @Override
  public String description() {
    return "ms per DP-SGD step (clip + noise), MLP 784-256-10, batch 64, vs the non-private SGD step";
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    try (KernelSettings k = KernelSettings.save()) {
      k.select(Kernels.Backend.VECTOR, ctx.kernelThreads());
      Step dp = new Step(true);
      Step plain = new Step(false);
      double[] seconds = ctx.runner().secondsPerCall(dp::run, plain::run);
      double ratio = seconds[0] / seconds[1];
      sink.accept(new BenchResult(name(), Metric.MS, seconds[0] * 1e3, seconds[1] * 1e3,
          String.format(Locale.ROOT, "DP-SGD step vs non-private step: %.2fx its cost (aim <= %.1fx), C=%s, σ=%s",
              ratio, AIM, CLIP, NOISE)));
    }
  }

  /** A model, its fixed batch and optimiser state, stepped privately or not. */
  static final class Step {
    private final Module model;
    private final Params params;
    private final Batch batch;
    private final GradientOracle oracle;
    private final GradientTransform<Object> transform;
    private final LossFunction loss = LossFunction.crossEntropy();
    private Object state;

    @SuppressWarnings("unchecked")
    Step(boolean privately) {
      // The same weights and data for both, as mlp-step builds them.
      Rng rng = new Rng(784_256_10L);
      List<Module> layers = new ArrayList<>();
      Rng init = rng.derive("init");
      for (int i = 0; i + 1 < WIDTHS.length; i++) {
        if (i > 0) {
          layers.add(new ReLU());
        }
        layers.add(new Linear(WIDTHS[i], WIDTHS[i + 1], init.derive(i)));
      }
      this.model = new Sequential(layers.toArray(new Module[0]));
      this.params = model.params();
      Tensor x = Tensor.randn(rng.derive("x"), BATCH, WIDTHS[0]);
      Rng labelRng = rng.derive("labels");
      int classes = WIDTHS[WIDTHS.length - 1];
      int[] labels = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        labels[i] = labelRng.nextInt(classes);
      }
      this.batch = Dataset.classification("dp-mlp-step", x, labels, classes).all();
      this.oracle = privately ? new ClippedGradient(CLIP) : GradientOracle.backprop();
      this.transform = (GradientTransform<Object>) (GradientTransform<?>) (privately
          ? DpTransforms.dpSgd(LEARNING_RATE, NOISE, CLIP, BATCH, rng.derive("noise"))
          : Optimizers.sgd(LEARNING_RATE));
      this.state = transform.init(params);
    }

    /** One training step: gradient, optimiser chain, update. */
    void run() {
      model.setTraining(true);
      oracle.compute(model, loss, Mean.INSTANCE, batch);
      Update<Object> u = transform.update(params.grads(), state, params);
      state = u.state();
      Transforms.applyUpdates(params, u.updates());
      params.zeroGrad();
    }

    Params params() {
      return params;
    }
  }
}
