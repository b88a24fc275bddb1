package org.probity.federated;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Objective;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.federated.privacy.SampleDp;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * A federated client whose local objective is chosen per fit instruction: a function of the
 * instruction's {@link Config} and the client's context returns core's {@link Objective} (TERM's
 * tilt for hierarchical TERM, Li et al. JMLR 2023; a group-weighted mean for bounded group loss, Hu,
 * Wu, Smith et al. arXiv 2203.10190), and the client runs E epochs of plain minibatch steps on it,
 * exactly as FedAvg's client does with the mean (same model seed, batch streams and optimiser
 * steps). When the function returns null (its key is absent) the instruction goes to a
 * {@link SupervisedClient} (or another fallback client), so one client serves every strategy. Before training, a
 * {@link StartReport} may add metrics computed from the per-example train losses at the received
 * model (the tilted risk, per-group loss sums); without one, {@link SupervisedClient#INITIAL_LOSS}
 * is the mean when {@link SupervisedClient#REPORT_INITIAL_LOSS} asks for it.
 *
 * <p>Why it exists: the shared client always reduces with the mean and its config holds only
 * scalars, so every objective-changing method had grown its own copy of the training loop; this is
 * that loop, once. It covers only plain local training: a custom objective together with FedProx,
 * personalisation (Local, Ditto, MR-MTL), IFCA or silo DP is refused rather than silently ignored.
 */
public final class ObjectiveClient implements ClientApp {
  /** Metrics measured at the received model before training (may be empty, never null). */
  @FunctionalInterface
  public interface StartReport {
    /**
     * {@code lossesAtStart} yields the per-example train losses of the received model, in row order
     * (computed on first use, at most once; call it only inside this method).
     */
    Map<String, Double> report(Config cfg, ClientContext ctx, Objective objective, Supplier<double[]> lossesAtStart);
  }

  /** The default report: the mean train loss when {@link SupervisedClient#REPORT_INITIAL_LOSS} asks for it. */
  public static final StartReport MEAN_INITIAL_LOSS = (cfg, ctx, objective, losses) -> {
    if (!cfg.getBoolean(SupervisedClient.REPORT_INITIAL_LOSS, false)) {
      return Map.of();
    }
    double s = 0;
    double[] l = losses.get();
    for (double v : l) {
      s += v;
    }
    return Map.of(SupervisedClient.INITIAL_LOSS, s / l.length);
  };

  /** Keys of settings that need more than plain local training, which a custom objective cannot honour. */
  private static final String[] REFUSED = {Config.PROXIMAL_MU, Config.LOCAL, SupervisedClient.DITTO_LAMBDA,
      SupervisedClient.MRMTL_LAMBDA, Ifca.CLUSTERS, SampleDp.CLIP, SampleDp.NOISE, SampleDp.TARGET_EPSILON};

  private final ModelSpec spec;
  private final int localEpochs;
  private final int batchSize;
  private final GradientTransform<Object> optimizer;
  private final ClientApp plain;
  private final BiFunction<Config, ClientContext, Objective> choice;
  private final StartReport report;

  /** A client with the default report ({@link #MEAN_INITIAL_LOSS}). */
  public ObjectiveClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer,
      BiFunction<Config, ClientContext, Objective> choice) {
    this(spec, localEpochs, batchSize, optimizer, choice, MEAN_INITIAL_LOSS);
  }

  /** A client that hands instructions without an objective to a {@link SupervisedClient}. */
  public ObjectiveClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer,
      BiFunction<Config, ClientContext, Objective> choice, StartReport report) {
    this(spec, localEpochs, batchSize, optimizer, choice, report,
        new SupervisedClient(spec, localEpochs, batchSize, optimizer));
  }

  /**
   * A client that hands fit instructions without an objective, and every evaluation, to
   * {@code fallback} — another objective client, so that several such methods chain into one app
   * (bounded group loss in front of hierarchical TERM in front of {@link SupervisedClient}).
   */
  @SuppressWarnings("unchecked")
  public ObjectiveClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer,
      BiFunction<Config, ClientContext, Objective> choice, StartReport report, ClientApp fallback) {
    if (choice == null || report == null || fallback == null) {
      throw new IllegalArgumentException("objective client: the objective choice, the start report and the fallback"
          + " client are required");
    }
    this.plain = fallback;
    this.spec = spec;
    this.localEpochs = localEpochs;
    this.batchSize = batchSize;
    this.optimizer = (GradientTransform<Object>) optimizer;
    this.choice = choice;
    this.report = report;
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    Config cfg = in.config();
    Objective objective = choice.apply(cfg, ctx);
    if (objective == null) {
      return plain.fit(in, ctx);
    }
    for (String key : REFUSED) {
      if (cfg.has(key)) {
        throw new IllegalArgumentException("objective client: client " + ctx.clientId() + ": objective "
            + objective.name() + " cannot be combined with '" + key + "' (only plain local training takes a"
            + " custom objective)");
      }
    }
    Dataset train = ctx.data().train();
    if (train.size() == 0) {
      throw new IllegalArgumentException("objective client: client " + ctx.clientId() + " has no training examples");
    }
    Module model = Models.build(spec, train, ctx.rng().derive("model"));
    Params params = model.params();
    params.assign(in.global());
    LossFunction loss = LossFunction.forModel(spec, train);
    double[][] cache = new double[1][];
    Supplier<double[]> atStart = () -> {
      if (cache[0] == null) {
        model.setTraining(false);
        cache[0] = perExampleLosses(model, loss, train);
      }
      return cache[0];
    };
    Map<String, Double> metrics = new LinkedHashMap<>(report.report(cfg, ctx, objective, atStart));
    Object state = optimizer.init(params);
    model.setTraining(true);
    double sum = 0;
    int steps = 0;
    for (int epoch = 0; epoch < localEpochs; epoch++) {
      for (Batch batch : Batches.shuffled(train, batchSize, false, ctx.rng().derive("epoch").derive(epoch))) {
        try (Tape tape = Tape.start()) {
          Tensor reduced = objective.reduce(loss.perExample(model.forward(batch.x()), batch), batch);
          sum += reduced.item();
          tape.backward(reduced);
        }
        state = step(params, state);
        params.zeroGrad();
        steps++;
      }
    }
    metrics.put("train_loss", steps > 0 ? sum / steps : 0.0);
    return new FitReply(in.clientId(), ParamMath.copy(params), train.size(), metrics);
  }

  @SuppressWarnings("try")
  private Object step(Params params, Object state) {
    try (NoGrad ignored = NoGrad.enter()) {
      Update<Object> u = optimizer.update(params.grads(), state, params);
      Transforms.applyUpdates(params, u.updates());
      return u.state();
    }
  }

  /** Every training example's loss at the model's current parameters, in row order. */
  @SuppressWarnings("try")
  static double[] perExampleLosses(Module model, LossFunction loss, Dataset data) {
    double[] out = new double[data.size()];
    int at = 0;
    try (NoGrad ignored = NoGrad.enter()) {
      for (Batch batch : Batches.inOrder(data, 256)) {
        float[] l = loss.perExample(model.forward(batch.x()), batch).data();
        for (float v : l) {
          out[at++] = v;
        }
      }
    }
    return out;
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    return plain.evaluate(in, ctx);
  }
}
