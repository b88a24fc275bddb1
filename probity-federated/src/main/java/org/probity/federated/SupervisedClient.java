package org.probity.federated;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.federated.metrics.GroupEvaluation;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Optimizers;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.federated.privacy.Batching;
import org.probity.federated.privacy.PrivateLocalSteps;
import org.probity.federated.privacy.SiloBudget;
import org.probity.federated.privacy.SiloState;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The standard federated client (FedAvg, McMahan et al. 2017): build the model from a
 * {@link ModelSpec}, load the global parameters, run E epochs of minibatch training with one of
 * core's optimisers on the local train split, and reply with the parameters and the number of
 * training examples. It honours {@link Config#PROXIMAL_MU} (FedProx: μ(w − w_global) is added to
 * the gradient before each step, so μ = 0 is exactly FedAvg) and {@link Config#LOCAL} (train and
 * evaluate the personal model in the client's state store), and, for the personalised methods of
 * Motley (Wu et al. 2022), the keys their strategies send:
 * {@link #DITTO_LAMBDA} ({@link Ditto}: train the global model as FedAvg and, on the same batches,
 * the personal model v_k with λ(v_k − w_global) added to its gradient), {@link #MRMTL_LAMBDA}
 * ({@link MrMtl}: train only v_k, pulled towards the mean v̄ the server sent, and reply
 * v̄ + Δv_k so that FedAvg's average is the official delta update), {@link #FINETUNE_EPOCHS}
 * ({@link FineTune}: at evaluation, fine-tune a copy of the global model on the train split,
 * optionally only its last layer and with its own rate {@link #FINETUNE_LR}; or, with
 * {@link #FINETUNE_GRID}, measure it at every epoch of a grid so that the strategy can choose E on
 * validation), {@link #PERSONAL} (evaluate the stored personal model), {@link #REPORT_INITIAL_LOSS}
 * ({@link QFfl}: report the train loss of the global model before training) and
 * {@link Ifca#CLUSTERS} ({@link Ifca}: pick, train and evaluate the stacked model with the lowest
 * train loss). Personal models live in the state store as {@link Params}; the optimiser state starts
 * fresh for each model and round.
 *
 * <p>Silo-level sample DP (Liu, Hu, Wu, Smith, NeurIPS 2022): when an instruction carries
 * {@link org.probity.federated.privacy.SampleDp} settings ({@link SiloPrivacy} sends them), every
 * training on the silo's own data — the FedAvg/FedProx/IFCA model, Ditto's global and personal
 * models, MR-MTL's and Local's personal model, and FineTune's fine-tuning at evaluation — runs DP-SGD
 * ({@link PrivateLocalSteps}: per-example clipping including the proximal term, Gaussian noise,
 * Poisson or shuffled batches), charged to the silo's budget kept with its state
 * ({@link SiloBudget}); IFCA chooses its cluster with the exponential mechanism and evaluates the
 * cluster it chose; train losses, which are statistics of the private data, are not reported, and
 * q-FFL, which needs them, is refused. Test and validation metrics are reported as without privacy:
 * the guarantee covers the training examples.
 */
public final class SupervisedClient implements ClientApp {
  /** Ditto's personal proximal weight λ (fit). */
  public static final String DITTO_LAMBDA = "ditto_lambda";
  /** MR-MTL's weight λ of ‖v_k − v̄‖²/2 (fit). */
  public static final String MRMTL_LAMBDA = "mrmtl_lambda";
  /** Fine-tuning epochs before evaluation (evaluate); 0 evaluates the global model as is. */
  public static final String FINETUNE_EPOCHS = "finetune_epochs";
  /**
   * Fine-tuning epoch grid as a comma-separated string such as "0,1,2,5,10" (evaluate; Config holds
   * only scalars). The client fine-tunes once, epoch by epoch up to the largest value, and at every
   * grid value E reports its test metrics as "loss@E", "accuracy@E", ... and, when it has a
   * validation split, "val_loss@E", "val_accuracy@E", ...; its plain loss and metrics are those at
   * the first grid value. With more than one value a validation split is required. {@link FineTune}
   * then picks E on validation (Motley, Wu et al. 2022).
   */
  public static final String FINETUNE_GRID = "finetune_grid";
  /** Prefix of the validation metrics in a grid reply ("val_accuracy@5"). */
  public static final String VALIDATION_PREFIX = "val_";
  /**
   * The evaluated model's accuracy on the client's validation split, reported beside its test
   * metrics when the client has validation rows, so that a model can be chosen (a sweep's trial)
   * without looking at test. FineTune's selected replies carry it at the chosen epochs.
   */
  public static final String VALIDATION_ACCURACY = VALIDATION_PREFIX + Metrics.ACCURACY;
  /** The evaluated model's mean loss on the client's validation split, as {@link #VALIDATION_ACCURACY}. */
  public static final String VALIDATION_LOSS = VALIDATION_PREFIX + Metrics.LOSS;
  /** Fine-tune only the last layer's parameters (evaluate). */
  public static final String FINETUNE_LAST_LAYER = "finetune_last_layer";
  /** SGD rate for fine-tuning (evaluate); absent: the client's own optimiser. */
  public static final String FINETUNE_LR = "finetune_lr";
  /** Evaluate the personal model from the state store (evaluate). */
  public static final String PERSONAL = "personal";
  /** Add metric {@link #INITIAL_LOSS}, the mean train loss of the received model (fit). */
  public static final String REPORT_INITIAL_LOSS = "report_initial_loss";
  public static final String INITIAL_LOSS = "initial_loss";

  private final ModelSpec spec;
  private final int localEpochs;
  private final int batchSize;
  private final GradientTransform<Object> optimizer;

  @SuppressWarnings("unchecked")
  public SupervisedClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer) {
    if (localEpochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("personalized client: local epochs and batch size must be >= 1, got "
          + localEpochs + " and " + batchSize);
    }
    this.spec = spec;
    this.localEpochs = localEpochs;
    this.batchSize = batchSize;
    this.optimizer = (GradientTransform<Object>) optimizer;
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    Config cfg = in.config();
    Dataset train = ctx.data().train();
    SiloBudget dp = SiloBudget.open(cfg, ctx.state(), ctx.clientId(), train.size(), localEpochs, batchSize);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (cfg.getBoolean(REPORT_INITIAL_LOSS, false)) {
      if (dp != null) {
        throw new IllegalArgumentException("personalized client: silo " + ctx.clientId() + ": "
            + REPORT_INITIAL_LOSS + " asks for the clean train loss, which sample-level DP does not release"
            + " (q-FFL cannot run with silo privacy)");
      }
      metrics.put(INITIAL_LOSS, meanLoss(in.global(), train, ctx.rng()));
    }
    Params out;
    Params personalOut = null;
    if (cfg.has(Ifca.CLUSTERS)) {
      List<Params> models = Ifca.unstack(in.global(), cfg.getInt(Ifca.CLUSTERS, 1));
      int j = dp == null ? bestModel(models, train, ctx.rng()) : privateChoice(models, train, ctx, dp);
      Trained w = train(models.get(j), train, localEpochs, optimizer, ctx.rng(), null, 0, null, null,
          steps(dp, ctx.rng(), "fit"));
      metrics.put("train_loss", w.loss);
      metrics.put(Ifca.CLUSTER, (double) j);
      out = w.params;
    } else if (cfg.has(DITTO_LAMBDA)) {
      double lambda = nonNegative(cfg.getDouble(DITTO_LAMBDA, 0), DITTO_LAMBDA);
      Trained w = train(in.global(), train, localEpochs, optimizer, ctx.rng(), null, 0, null, null,
          steps(dp, ctx.rng(), "global"));
      Trained v = train(personal(ctx, in.global()), train, localEpochs, optimizer, ctx.rng(), in.global(), lambda, null,
          null, steps(dp, ctx.rng(), "personal"));
      personalOut = v.params;
      metrics.put("train_loss", w.loss);
      metrics.put("personal_train_loss", v.loss);
      out = w.params;
    } else if (cfg.has(MRMTL_LAMBDA)) {
      double lambda = nonNegative(cfg.getDouble(MRMTL_LAMBDA, 0), MRMTL_LAMBDA);
      Params old = personal(ctx, in.global());
      Trained v = train(old, train, localEpochs, optimizer, ctx.rng(), in.global(), lambda, null, null,
          steps(dp, ctx.rng(), "fit"));
      personalOut = v.params;
      metrics.put("train_loss", v.loss);
      out = ParamMath.weightedSum(List.of(in.global(), v.params, old), new double[] {1, 1, -1});
    } else {
      boolean local = cfg.getBoolean(Config.LOCAL, false);
      double mu = nonNegative(cfg.getDouble(Config.PROXIMAL_MU, 0), Config.PROXIMAL_MU);
      Trained w = train(local ? personal(ctx, in.global()) : in.global(), train, localEpochs, optimizer, ctx.rng(),
          in.global(), mu, null, null, steps(dp, ctx.rng(), "fit"));
      if (local) {
        personalOut = w.params;
      }
      metrics.put("train_loss", w.loss);
      out = w.params;
    }
    if (dp == null) {
      if (personalOut != null) {
        ctx.putState(personalOut);
      }
    } else {
      // The train losses are statistics of the private examples: only the budget is reported.
      metrics.remove("train_loss");
      metrics.remove("personal_train_loss");
      metrics.putAll(dp.report());
      ctx.putState(dp.state(personalOut != null ? personalOut : SiloState.personal(ctx.state().orElse(null))));
    }
    return new FitReply(in.clientId(), out, train.size(), metrics);
  }

  /** The private steps of one training on this call's budget, or null without privacy. */
  private static PrivateLocalSteps steps(SiloBudget dp, Rng rng, String purpose) {
    return dp == null ? null : dp.steps(rng, purpose);
  }

  /**
   * IFCA's choice under sample-level DP: the exponential mechanism on each model's train accuracy
   * (MR-MTL's private IFCA), instead of the clean argmin of the train loss.
   */
  private int privateChoice(List<Params> models, Dataset train, ClientContext ctx, SiloBudget dp) {
    if (!train.isClassification()) {
      throw new IllegalArgumentException("personalized client: silo " + ctx.clientId() + ": a private cluster"
          + " choice scores the models by train accuracy, which needs class labels");
    }
    double[] acc = new double[models.size()];
    for (int j = 0; j < acc.length; j++) {
      acc[j] = measure(models.get(j), train, ctx.rng()).values().get(Metrics.ACCURACY);
    }
    return dp.select(acc, ctx.rng().derive("dp-select"));
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    Config cfg = in.config();
    SiloBudget dp = SiloBudget.open(cfg, ctx.state(), ctx.clientId(), ctx.data().train().size(), localEpochs,
        batchSize);
    boolean personal = cfg.getBoolean(PERSONAL, false) || cfg.getBoolean(Config.LOCAL, false);
    Params params = personal ? personal(ctx, in.global()) : in.global();
    int cluster = -1;
    if (cfg.has(Ifca.CLUSTERS)) {
      List<Params> models = Ifca.unstack(params, cfg.getInt(Ifca.CLUSTERS, 1));
      if (dp == null) {
        cluster = bestModel(models, ctx.data().train(), ctx.rng());
      } else {
        // The cluster this silo chose privately when it last trained; a silo not yet trained chooses now.
        cluster = dp.storedCluster() >= 0 && dp.storedCluster() < models.size() ? dp.storedCluster()
            : privateChoice(models, ctx.data().train(), ctx, dp);
      }
      params = models.get(cluster);
    }
    EvaluateReply reply;
    if (cfg.has(FINETUNE_GRID)) {
      reply = evaluateGrid(in.clientId(), params, cfg, ctx, cluster, dp);
    } else {
      int epochs = cfg.getInt(FINETUNE_EPOCHS, 0);
      if (epochs < 0) {
        throw new IllegalArgumentException("personalized client: " + FINETUNE_EPOCHS + " must be >= 0, got " + epochs);
      }
      if (epochs > 0) {
        params = train(params, ctx.data().train(), epochs, fineTuneOptimizer(cfg), ctx.rng().derive("finetune"), null,
            0, fineTuneTrainable(cfg, params), null, steps(dp, ctx.rng(), "finetune")).params;
      }
      Dataset test = ctx.data().test();
      Metrics measured = measure(params, test, ctx.rng());
      Map<String, Double> values = new LinkedHashMap<>(measured.values());
      values.remove(Metrics.WORST_GROUP_ACCURACY);
      values.remove(Metrics.WORST_GROUP_LOSS);
      values.putAll(GroupEvaluation.encode(measured));
      Double l = values.remove(Metrics.LOSS);
      if (cluster >= 0) {
        values.put(Ifca.CLUSTER, (double) cluster);
      }
      Dataset validation = ctx.data().validation();
      if (validation != null && validation.size() > 0) {
        // The very model just measured on test; measuring derives its streams without drawing, so
        // the test figures and everything after are as without a validation split.
        putValidation(values, measure(params, validation, ctx.rng()).values());
      }
      reply = new EvaluateReply(in.clientId(), test.size(), l == null ? Double.NaN : l, values);
    }
    if (dp == null) {
      return reply;
    }
    ctx.putState(dp.state(SiloState.personal(ctx.state().orElse(null))));
    Map<String, Double> m = new LinkedHashMap<>(reply.metrics());
    m.putAll(dp.report());
    return new EvaluateReply(reply.clientId(), reply.numExamples(), reply.loss(), m);
  }

  /**
   * Fine-tunes once up to the largest grid value and measures the model at every grid value on the
   * test and (if present) validation split. The epochs run exactly as a single fine-tuning of E
   * epochs would (same streams, optimiser state carried across epochs), so the figures at E equal
   * those of {@link #FINETUNE_EPOCHS} = E bit for bit, at the cost of one run instead of one per E.
   */
  private EvaluateReply evaluateGrid(int clientId, Params start, Config cfg, ClientContext ctx, int cluster,
      SiloBudget dp) {
    int[] grid = parseGrid(cfg.getString(FINETUNE_GRID, ""), clientId);
    Dataset test = ctx.data().test();
    Dataset validation = ctx.data().validation();
    if (grid.length > 1 && (validation == null || validation.size() == 0)) {
      throw new IllegalArgumentException("personalized client: client " + clientId + " has no validation split, "
          + "which choosing fine-tuning epochs from the grid " + java.util.Arrays.toString(grid) + " needs");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    double[] firstLoss = {Double.NaN};
    Map<String, Double> first = new LinkedHashMap<>();
    java.util.function.ObjIntConsumer<Params> atEpoch = (p, e) -> {
      if (java.util.Arrays.binarySearch(grid, e) < 0) {
        return;
      }
      Map<String, Double> t = measure(p, test, ctx.rng()).values();
      for (Map.Entry<String, Double> m : t.entrySet()) {
        values.put(m.getKey() + "@" + e, m.getValue());
      }
      if (validation != null && validation.size() > 0) {
        for (Map.Entry<String, Double> m : measure(p, validation, ctx.rng()).values().entrySet()) {
          values.put(VALIDATION_PREFIX + m.getKey() + "@" + e, m.getValue());
        }
      }
      if (e == grid[0]) {
        first.putAll(t);
        Double l = first.remove(Metrics.LOSS);
        firstLoss[0] = l == null ? Double.NaN : l;
      }
    };
    int maxEpochs = grid[grid.length - 1];
    if (maxEpochs == 0) {
      atEpoch.accept(start, 0);
    } else {
      train(start, ctx.data().train(), maxEpochs, fineTuneOptimizer(cfg), ctx.rng().derive("finetune"), null, 0,
          fineTuneTrainable(cfg, start), atEpoch, steps(dp, ctx.rng(), "finetune"));
    }
    Map<String, Double> out = new LinkedHashMap<>(first);
    out.putAll(values);
    if (cluster >= 0) {
      out.put(Ifca.CLUSTER, (double) cluster);
    }
    return new EvaluateReply(clientId, test.size(), firstLoss[0], out);
  }

  /**
   * Puts {@link #VALIDATION_ACCURACY} (when measured: classification) and {@link #VALIDATION_LOSS}
   * from {@code measured}, the model's metrics on the validation split.
   */
  private static void putValidation(Map<String, Double> out, Map<String, Double> measured) {
    Double acc = measured.get(Metrics.ACCURACY);
    if (acc != null) {
      out.put(VALIDATION_ACCURACY, acc);
    }
    Double loss = measured.get(Metrics.LOSS);
    if (loss != null) {
      out.put(VALIDATION_LOSS, loss);
    }
  }

  /** The grid of {@link #FINETUNE_GRID}: distinct non-negative integers, ascending. */
  static int[] parseGrid(String text, int clientId) {
    String[] parts = text.split(",");
    int[] grid = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        grid[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("personalized client: client " + clientId + ": " + FINETUNE_GRID + " '"
            + text + "' is not a comma-separated list of integers");
      }
      if (grid[i] < 0 || (i > 0 && grid[i] <= grid[i - 1])) {
        throw new IllegalArgumentException("personalized client: client " + clientId + ": " + FINETUNE_GRID + " '"
            + text + "' must be distinct epochs >= 0 in ascending order");
      }
    }
    return grid;
  }

  private GradientTransform<Object> fineTuneOptimizer(Config cfg) {
    if (!cfg.has(FINETUNE_LR)) {
      return optimizer;
    }
    @SuppressWarnings("unchecked")
    GradientTransform<Object> sgd = (GradientTransform<Object>) (GradientTransform<?>) Optimizers.sgd(
        cfg.getDouble(FINETUNE_LR, 0));
    return sgd;
  }

  private static Set<String> fineTuneTrainable(Config cfg, Params params) {
    return cfg.getBoolean(FINETUNE_LAST_LAYER, false) ? lastLayer(params) : null;
  }

  /** Metrics of {@code params} on {@code data}, with a model built as every evaluation here builds it. */
  private Metrics measure(Params params, Dataset data, Rng rng) {
    Module model = Models.build(spec, data, rng.derive("model"));
    model.params().assign(params);
    return Evaluator.evaluate(model, data, LossFunction.forModel(spec, data));
  }

  /** The names of the last layer: those sharing the last parameter's prefix before its final '.'. */
  static Set<String> lastLayer(Params p) {
    List<String> names = p.names();
    String last = names.get(names.size() - 1);
    int dot = last.lastIndexOf('.');
    Set<String> out = new HashSet<>();
    if (dot < 0) {
      out.addAll(names);
      return out;
    }
    String prefix = last.substring(0, dot + 1);
    for (String n : names) {
      if (n.startsWith(prefix) && n.indexOf('.', prefix.length()) < 0) {
        out.add(n);
      }
    }
    return out;
  }

  private record Trained(Params params, double loss) {}

  /**
   * E epochs of minibatch training from {@code start} (not modified) with the streams
   * {@code rng.derive("epoch").derive(e)}, as {@link SupervisedClient} does; λ(w − anchor) is added
   * to the gradient when λ > 0, and only {@code trainable} parameters move when it is not null.
   * When {@code atEpoch} is not null it sees a copy of the parameters after e epochs for e = 0 ..
   * epochs (e = 0 before any step); it must not touch the training model, whose state carries on.
   * With {@code dp} (not null) every step is a DP-SGD step: its batch and privatised gradient come
   * from {@code dp}, and the mean train loss, which would need its own noise, is NaN.
   */
  @SuppressWarnings("try")
  private Trained train(Params start, Dataset data, int epochs, GradientTransform<Object> opt, Rng rng, Params anchor,
      double lambda, Set<String> trainable, java.util.function.ObjIntConsumer<Params> atEpoch, PrivateLocalSteps dp) {
    Module model = Models.build(spec, data, rng.derive("model"));
    Params params = model.params();
    params.assign(start);
    LossFunction loss = LossFunction.forModel(spec, data);
    Object state = opt.init(params);
    double lossSum = 0;
    int steps = 0;
    model.setTraining(true);
    if (atEpoch != null) {
      atEpoch.accept(ParamMath.copy(params), 0);
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      if (dp != null) {
        java.util.Iterator<Batch> shuffled = dp.batching() == Batching.SHUFFLED
            ? Batches.shuffled(data, batchSize, false, rng.derive("epoch").derive(epoch)).iterator() : null;
        for (int s = 0; s < dp.stepsPerEpoch(); s++) {
          Batch batch = shuffled != null ? shuffled.next() : dp.poissonBatch(data, epoch, s);
          Params grads = dp.gradient(model, loss, batch, anchor, lambda, trainable);
          state = step(opt, grads, state, params);
        }
      } else {
        Batches batches = Batches.shuffled(data, batchSize, false, rng.derive("epoch").derive(epoch));
        for (Batch batch : batches) {
          try (Tape tape = Tape.start()) {
            Tensor reduced = Mean.INSTANCE.reduce(loss.perExample(model.forward(batch.x()), batch), batch);
            lossSum += reduced.item();
            tape.backward(reduced);
          }
          Params grads = adjust(params.grads(), params, anchor, lambda, trainable);
          state = step(opt, grads, state, params);
          params.zeroGrad();
          steps++;
        }
      }
      if (atEpoch != null) {
        atEpoch.accept(ParamMath.copy(params), epoch + 1);
      }
    }
    double meanLoss = dp != null ? Double.NaN : steps > 0 ? lossSum / steps : 0.0;
    return new Trained(ParamMath.copy(params), meanLoss);
  }

  /** One optimiser step on {@code grads}; returns the optimiser's next state. */
  @SuppressWarnings("try")
  private static Object step(GradientTransform<Object> opt, Params grads, Object state, Params params) {
    try (NoGrad ignored = NoGrad.enter()) {
      Update<Object> u = opt.update(grads, state, params);
      Transforms.applyUpdates(params, u.updates());
      return u.state();
    }
  }

  /** grads + λ(w − anchor) (FedProx/Ditto/MR-MTL's proximal term), zero outside {@code trainable}. */
  private static Params adjust(Params grads, Params w, Params anchor, double lambda, Set<String> trainable) {
    if (!(lambda > 0) && trainable == null) {
      return grads;
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : w.names()) {
      float[] g = grads.get(name).data();
      float[] r = new float[g.length];
      if (trainable == null || trainable.contains(name)) {
        if (lambda > 0) {
          float[] p = w.get(name).data();
          float[] q = anchor.get(name).data();
          for (int i = 0; i < r.length; i++) {
            r[i] = (float) (g[i] + lambda * (p[i] - q[i]));
          }
        } else {
          System.arraycopy(g, 0, r, 0, g.length);
        }
      }
      out.put(name, Tensor.wrap(r, w.get(name).shape()));
    }
    return new Params(out);
  }

  @SuppressWarnings("try")
  private double meanLoss(Params p, Dataset data, Rng rng) {
    Module model = Models.build(spec, data, rng.derive("model"));
    model.params().assign(p);
    try (NoGrad ignored = NoGrad.enter()) {
      Metrics m = Evaluator.evaluate(model, data, LossFunction.forModel(spec, data));
      return m.values().get(Metrics.LOSS);
    }
  }

  /** IFCA's choice: the model with the lowest mean loss on {@code data}, the first on ties. */
  private int bestModel(List<Params> models, Dataset data, Rng rng) {
    int best = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int j = 0; j < models.size(); j++) {
      double l = meanLoss(models.get(j), data, rng);
      if (l < bestLoss) {
        bestLoss = l;
        best = j;
      }
    }
    return best;
  }

  /** The personal model in the state store (without a private silo's ledger), or {@code global}. */
  private static Params personal(ClientContext ctx, Params global) {
    Params p = SiloState.personal(ctx.state().orElse(null));
    return p != null ? p : global;
  }

  private static double nonNegative(double v, String key) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("personalized client: " + key + " must be finite and >= 0, got " + v);
    }
    return v;
  }
}
