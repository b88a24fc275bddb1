package org.probity.federated;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Tilted;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The client half of hierarchical TERM (Li, Beirami, Sanjabi, Smith, "Tilted Empirical Risk
 * Minimization", ICLR 2021 / "On Tilted Losses in Machine Learning", JMLR 2023, §hierarchical
 * tilting): when a fit instruction carries {@link #INNER_TILT} = t, the client trains E epochs of
 * minibatch steps on core's {@link Tilted} objective (each batch's losses reduced by
 * {@code (1/t) log mean exp(t l_i)}) instead of the mean, and reports as
 * {@link SupervisedClient#INITIAL_LOSS} its tilted train risk {@code R~_k(t)} at the received model,
 * the group value that {@link TiltedFedAvg}'s outer tilt τ weighs. Without the key it is exactly a
 * {@link SupervisedClient} (fit and evaluate are delegated), so it can serve every strategy.
 *
 * <p>Why a separate client: {@link SupervisedClient} always reduces with the mean and cannot take a
 * local objective through its (scalar) config; the hook it lacks is an {@code Objective} chosen per
 * instruction. This client covers the plain (FedAvg-style) fit only: no FedProx term, personalisation
 * or silo privacy with an inner tilt, which it refuses rather than ignores.
 */
public final class TiltedClient implements ClientApp {
  /** The within-client tilt t (fit); absent: train as {@link SupervisedClient}. */
  public static final String INNER_TILT = "inner_tilt";

  private final ModelSpec spec;
  private final int localEpochs;
  private final int batchSize;
  private final GradientTransform<Object> optimizer;
  private final SupervisedClient plain;

  @SuppressWarnings("unchecked")
  public TiltedClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer) {
    this.plain = new SupervisedClient(spec, localEpochs, batchSize, optimizer);
    this.spec = spec;
    this.localEpochs = localEpochs;
    this.batchSize = batchSize;
    this.optimizer = (GradientTransform<Object>) optimizer;
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    Config cfg = in.config();
    if (!cfg.has(INNER_TILT)) {
      return plain.fit(in, ctx);
    }
    double t = cfg.getDouble(INNER_TILT, 0);
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException("tilted client: client " + ctx.clientId() + ": " + INNER_TILT
          + " must be finite, got " + t);
    }
    for (String key : new String[] {Config.PROXIMAL_MU, Config.LOCAL, SupervisedClient.DITTO_LAMBDA,
        SupervisedClient.MRMTL_LAMBDA, Ifca.CLUSTERS}) {
      if (cfg.has(key)) {
        throw new IllegalArgumentException("tilted client: client " + ctx.clientId() + ": " + INNER_TILT
            + " cannot be combined with '" + key + "' (only plain local training is tilted)");
      }
    }
    Dataset train = ctx.data().train();
    if (train.size() == 0) {
      throw new IllegalArgumentException("tilted client: client " + ctx.clientId() + " has no training examples");
    }
    Tilted objective = new Tilted(t);
    Module model = Models.build(spec, train, ctx.rng().derive("model"));
    Params params = model.params();
    params.assign(in.global());
    LossFunction loss = LossFunction.forModel(spec, train);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (cfg.getBoolean(SupervisedClient.REPORT_INITIAL_LOSS, false)) {
      model.setTraining(false);
      metrics.put(SupervisedClient.INITIAL_LOSS, Tilted.risk(perExampleLosses(model, loss, train), t));
    }
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

  /** Every training example's loss at the model's current parameters, in order. */
  @SuppressWarnings("try")
  private static double[] perExampleLosses(Module model, LossFunction loss, Dataset data) {
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
