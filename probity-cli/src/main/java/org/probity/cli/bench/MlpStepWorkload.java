package org.probity.cli.bench;

import java.util.function.Consumer;
import org.probity.tensor.Rng;
import org.probity.tensor.kernel.Kernels;

/**
 * One SGD step of a 784-256-10 ReLU MLP on a batch of 64 with cross-entropy (forward, backward,
 * update), in milliseconds: the whole engine (GEMMs, activations, loss, tape) with the Vector-API
 * kernel against the same step with the plain-loop kernel. The shape is MNIST's, the model size a
 * federated client or a DP-SGD baseline trains.
 */
class MlpStepWorkload implements Workload {
  static final int[] WIDTHS = {784, 256, 10};
  static final int BATCH = 64;

  private final String name;
  private final boolean perExampleNorms;

  MlpStepWorkload() {
    this("mlp-step", false);
  }

  MlpStepWorkload(String name, boolean perExampleNorms) {
    this.name = name;
    this.perExampleNorms = perExampleNorms;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "ms per SGD step, MLP 784-256-10, batch 64: vector kernel vs plain-loop kernel";
  }

  @Override
  public void run(BenchContext ctx, Consumer<BenchResult> sink) {
    double fast = millisPerStep(ctx, Kernels.Backend.VECTOR);
    double fallback = millisPerStep(ctx, Kernels.Backend.PLAIN);
    String threads = ctx.kernelThreads() == 1 ? "1 thread" : ctx.kernelThreads() + " kernel threads";
    sink.accept(new BenchResult(name, Metric.MS, fast, fallback, "vector kernel vs plain-loop kernel, " + threads));
  }

  private double millisPerStep(BenchContext ctx, Kernels.Backend choice) {
    // A fresh model per kernel so both start from the same weights and data.
    MlpTask task = new MlpTask(new Rng(784_256_10L), WIDTHS, BATCH, perExampleNorms);
    try (KernelSettings k = KernelSettings.save()) {
      k.select(choice, ctx.kernelThreads());
      return ctx.runner().secondsPerCall(task::step) * 1e3;
    }
  }
}
