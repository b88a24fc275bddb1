package org.probity.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.objective.Objective;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.core.provenance.Provenance;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * Minibatch training of one model: each step draws a batch, runs the forward pass on a tape,
 * turns per-example losses into one scalar with the {@link Objective}, back-propagates, and lets
 * a {@link GradientTransform} chain turn the gradients into updates that are added to the
 * parameters, with the optimiser state held here as an explicit value (after Optax). It evaluates
 * every {@link TrainConfig#evalEvery()} steps without recording gradients, reports to
 * {@link TrainingListener}s, writes checkpoints with provenance, and stops with a
 * {@link TrainingDivergedException} at the first non-finite loss or gradient. How a batch becomes a
 * gradient is a {@link GradientOracle} (default: back-propagate the objective), which is where
 * DP-SGD's per-example clipping plugs in; an empty batch (Poisson sampling) is a step with no
 * gradient, whose loss is left out of the logged averages.
 *
 * <p>Randomness: from the root seed {@code new Rng(config.seed())} the default batches shuffle with
 * {@code derive("shuffle")} (epoch e with {@code .derive(e)}), and a custom {@link BatchSource}
 * gets {@code derive("batches").derive(step)} at each step. The model's initialisation and dropout
 * streams are the caller's (see {@code Models.build}). Two runs with the same seed, model and data
 * are bit-identical on the same machine.
 *
 * <pre>{@code
 * TrainResult r = new Trainer(TrainConfig.ofEpochs(20, 32, seed).withEvalEvery(50))
 *     .listener(myListener)
 *     .fit(model, LossFunction.forModel(spec, train), new Mean(), Optimizers.adam(1e-3), train, test);
 * }</pre>
 */
public final class Trainer {
  private final TrainConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private BatchSource batchSource;
  private GradientOracle oracle = GradientOracle.backprop();
  private Path checkpointDir;
  private Provenance provenance;
  private Map<String, String> checkpointMetadata = Map.of();

  public Trainer(TrainConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("trainer: config must not be null");
    }
    this.config = config;
  }

  public TrainConfig config() {
    return config;
  }

  /** Adds a listener; listeners are called in the order they were added. */
  public Trainer listener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Replaces the default shuffled epochs with {@code source}. */
  public Trainer batchSource(BatchSource source) {
    this.batchSource = source;
    return this;
  }

  /**
   * Replaces how a batch becomes a gradient (default {@link GradientOracle#backprop()}); DP-SGD
   * sets per-example clipping here and adds its noise in the optimiser chain.
   */
  public Trainer gradientOracle(GradientOracle gradientOracle) {
    if (gradientOracle == null) {
      throw new IllegalArgumentException("trainer: gradient oracle must not be null");
    }
    this.oracle = gradientOracle;
    return this;
  }

  /**
   * Writes checkpoints into {@code dir} ("step-000100.safetensors") every
   * {@link TrainConfig#checkpointEvery()} steps and after the last step, with {@code provenance}
   * (may be null) in their metadata.
   */
  public Trainer checkpoints(Path dir, Provenance provenance) {
    return checkpoints(dir, provenance, Map.of());
  }

  /** As {@link #checkpoints(Path, Provenance)} with further metadata entries (for example the model spec). */
  public Trainer checkpoints(Path dir, Provenance provenance, Map<String, String> extraMetadata) {
    this.checkpointDir = dir;
    this.provenance = provenance;
    this.checkpointMetadata = Map.copyOf(extraMetadata);
    return this;
  }

  /**
   * Trains {@code model} in place on {@code train}, evaluating on {@code eval} (may be null), and
   * returns what happened.
   *
   * @param <S> the optimiser state type
   */
  @SuppressWarnings("try") // the NoGrad scope is used only for its effect
  public <S> TrainResult fit(Module model, LossFunction loss, Objective objective, GradientTransform<S> optimizer,
      Dataset train, Dataset eval) {
    if (model == null || loss == null || objective == null || optimizer == null || train == null) {
      throw new IllegalArgumentException("trainer: model, loss, objective, optimizer and training data are required");
    }
    if (config.checkpointEvery() > 0 && checkpointDir == null) {
      throw new TrainConfigException("checkpointEvery", "checkpointEvery is " + config.checkpointEvery()
          + " but no checkpoint folder was given (Trainer.checkpoints)");
    }
    config.validateFor(train.size());
    int n = train.size();
    int total = config.totalSteps(n);
    int perEpoch = config.stepsPerEpoch(n);
    Rng root = new Rng(config.seed());
    BatchSource source = batchSource != null ? batchSource
        : BatchSource.shuffled(train, config.batchSize(), root.derive("shuffle"));
    Rng batchRng = root.derive("batches");

    Params params = model.params();
    S state = optimizer.init(params);
    List<StepRecord> history = new ArrayList<>();
    List<EvalRecord> evals = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    for (TrainingListener l : listeners) {
      l.onStart(total, perEpoch);
    }
    long start = System.nanoTime();
    double objSum = 0;
    double meanSum = 0;
    int pending = 0;
    int measuredSteps = 0;
    Metrics lastEval = null;
    for (int step = 1; step <= total; step++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("training interrupted before step " + step + " of " + total);
      }
      int epoch = (step - 1) / perEpoch + 1;
      Batch batch = source.next(step - 1, batchRng.derive(step - 1));
      model.setTraining(true);
      GradientOracle.StepLoss measured = oracle.compute(model, loss, objective, batch);
      boolean empty = batch.size() == 0;
      double objective0 = measured.objective();
      double mean = measured.meanLoss();
      if (!empty) {
        if (!measured.finite()) {
          params.zeroGrad();
          double bad = Double.isFinite(objective0) ? mean : objective0;
          throw new TrainingDivergedException(step, "loss", bad, "objective " + objective.name() + " = "
              + objective0 + ", mean per-example loss " + mean);
        }
        source.observe(step - 1, batch, measured.perExampleLoss(), objective0);
      }
      Params grads = params.grads();
      double gradNorm = globalNorm(grads);
      if (!Double.isFinite(gradNorm)) {
        params.zeroGrad();
        throw new TrainingDivergedException(step, "gradient norm", gradNorm, "loss " + objective0);
      }
      try (NoGrad ignored = NoGrad.enter()) {
        Update<S> u = optimizer.update(grads, state, params);
        state = u.state();
        Transforms.applyUpdates(params, u.updates());
      }
      params.zeroGrad();

      if (!empty) {
        objSum += objective0;
        meanSum += mean;
        measuredSteps++;
      }
      pending++;
      if (step % config.logEvery() == 0 || step == total) {
        // Empty Poisson batches measure no loss, so the averages are over the steps that had examples.
        StepRecord r = new StepRecord(step, epoch, objSum / measuredSteps, meanSum / measuredSteps, gradNorm,
            pending, seconds(start));
        history.add(r);
        for (TrainingListener l : listeners) {
          l.onStep(r);
        }
        objSum = 0;
        meanSum = 0;
        pending = 0;
        measuredSteps = 0;
      }
      if (eval != null && ((config.evalEvery() > 0 && step % config.evalEvery() == 0) || step == total)) {
        lastEval = Evaluator.evaluate(model, eval, loss);
        evals.add(new EvalRecord(step, epoch, lastEval));
        for (TrainingListener l : listeners) {
          l.onEval(step, lastEval);
        }
      }
      if (checkpointDir != null
          && ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) || step == total)) {
        Path file = checkpointDir.resolve(Checkpoints.fileName(step));
        try {
          Checkpoints.save(file, params, step, provenance, checkpointMetadata);
        } catch (IOException e) {
          throw new UncheckedIOException("checkpoint at step " + step + " to " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
        for (TrainingListener l : listeners) {
          l.onCheckpoint(step, file);
        }
      }
    }
    Metrics trainMetrics = Evaluator.evaluate(model, train, loss);
    TrainResult result = new TrainResult(total, (total - 1) / perEpoch + 1, seconds(start), trainMetrics, lastEval,
        history, evals, written);
    for (TrainingListener l : listeners) {
      l.onEnd(result);
    }
    return result;
  }

  static double globalNorm(Params grads) {
    double s = 0;
    for (Tensor g : grads.byName().values()) {
      for (float v : g.data()) {
        s += (double) v * v;
      }
    }
    return Math.sqrt(s);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
