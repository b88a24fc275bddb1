package org.probity.federated;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.data.Batch;
import org.probity.core.data.Batches;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The standard client of supervised federated learning (FedAvg's ClientUpdate, McMahan et al.
 * 2017): build the model from a {@link ModelSpec}, load the global parameters, run E epochs of
 * minibatch training with one of core's optimisers on the local train split, and reply with the
 * parameters and the number of training examples. It honours two config keys: {@link
 * Config#PROXIMAL_MU} (FedProx: the gradient μ(w − w_global) of the proximal term is added before
 * each step, so μ = 0 is exactly FedAvg) and {@link Config#LOCAL} (train and evaluate the personal
 * model kept in the client's state store instead of the global one). The optimiser state starts
 * fresh every round, as in FedAvg.
 */
public final class SupervisedClient implements ClientApp {
  private final ModelSpec spec;
  private final int localEpochs;
  private final int batchSize;
  private final GradientTransform<Object> optimizer;

  @SuppressWarnings("unchecked")
  public SupervisedClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer) {
    if (localEpochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("supervised client: local epochs and batch size must be >= 1, got "
          + localEpochs + " and " + batchSize);
    }
    this.spec = spec;
    this.localEpochs = localEpochs;
    this.batchSize = batchSize;
    this.optimizer = (GradientTransform<Object>) optimizer;
  }

  @Override
  @SuppressWarnings("try")
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    Dataset train = ctx.data().train();
    Module model = Models.build(spec, train, ctx.rng().derive("model"));
    Params params = model.params();
    boolean local = in.config().getBoolean(Config.LOCAL, false);
    params.assign(local ? personal(ctx, in.global()) : in.global());
    double mu = in.config().getDouble(Config.PROXIMAL_MU, 0);
    LossFunction loss = LossFunction.forModel(spec, train);
    Object state = optimizer.init(params);
    double lossSum = 0;
    int steps = 0;
    model.setTraining(true);
    for (int epoch = 0; epoch < localEpochs; epoch++) {
      Batches batches = Batches.shuffled(train, batchSize, false, ctx.rng().derive("epoch").derive(epoch));
      for (Batch batch : batches) {
        try (Tape tape = Tape.start()) {
          Tensor reduced = Mean.INSTANCE.reduce(loss.perExample(model.forward(batch.x()), batch), batch);
          lossSum += reduced.item();
          tape.backward(reduced);
        }
        Params grads = mu > 0 ? proximal(params.grads(), params, in.global(), mu) : params.grads();
        try (NoGrad ignored = NoGrad.enter()) {
          Update<Object> u = optimizer.update(grads, state, params);
          state = u.state();
          Transforms.applyUpdates(params, u.updates());
        }
        params.zeroGrad();
        steps++;
      }
    }
    Params out = ParamMath.copy(params);
    if (local) {
      ctx.putState(out);
    }
    return new FitReply(in.clientId(), out, train.size(), Map.of("train_loss", steps > 0 ? lossSum / steps : 0.0));
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    Dataset test = ctx.data().test();
    Module model = Models.build(spec, test, ctx.rng().derive("model"));
    boolean local = in.config().getBoolean(Config.LOCAL, false);
    model.params().assign(local ? personal(ctx, in.global()) : in.global());
    Metrics m = Evaluator.evaluate(model, test, LossFunction.forModel(spec, test));
    Map<String, Double> values = new LinkedHashMap<>(m.values());
    Double l = values.remove(Metrics.LOSS);
    return new EvaluateReply(in.clientId(), test.size(), l == null ? Double.NaN : l, values);
  }

  /** The client's personal parameters, or the global ones before it has trained. */
  private static Params personal(ClientContext ctx, Params global) {
    return ctx.state().map(s -> (Params) s).orElse(global);
  }

  /** grads + μ (w − w_global): the gradient of FedProx's proximal term added in. */
  private static Params proximal(Params grads, Params w, Params global, double mu) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : w.names()) {
      float[] g = grads.get(name).data();
      float[] p = w.get(name).data();
      float[] q = global.get(name).data();
      float[] r = new float[g.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) (g[i] + mu * (p[i] - q[i]));
      }
      out.put(name, Tensor.wrap(r, w.get(name).shape()));
    }
    return new Params(out);
  }
}
