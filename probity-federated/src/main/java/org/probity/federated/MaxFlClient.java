package org.probity.federated;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client side of {@link MaxFl} as a decorator around any {@link ClientApp} that evaluates a
 * personal model under {@link SupervisedClient#PERSONAL} (SupervisedClient does): when a fit
 * instruction carries {@link MaxFl#REPORT_LOCAL_LOSS}, it first measures ρ_k, the mean train loss of
 * the client's own model kept in its state store (trained beforehand by {@link Local} on the same
 * store), by evaluating that model with the train split in the test slot, then trains as the wrapped
 * client does and adds ρ_k to the reply under {@link MaxFl#LOCAL_LOSS}. A decorator keeps MaxFL's
 * need (Cho et al., arXiv 2205.14840: the client compares the global model with the model it
 * would train alone) out of the shared client. A client without a personal model is an error, since
 * the wrapped client would silently measure the global model instead and every gap would be 0.
 */
public final class MaxFlClient implements ClientApp {
  private final ClientApp inner;

  public MaxFlClient(ClientApp inner) {
    this.inner = inner;
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    if (!in.config().getBoolean(MaxFl.REPORT_LOCAL_LOSS, false)) {
      return inner.fit(in, ctx);
    }
    double rho = localLoss(in, ctx);
    FitReply r = inner.fit(in, ctx);
    Map<String, Double> m = new LinkedHashMap<>(r.metrics());
    m.put(MaxFl.LOCAL_LOSS, rho);
    return new FitReply(r.clientId(), r.params(), r.numExamples(), m);
  }

  private double localLoss(FitInstruction in, ClientContext ctx) {
    if (ctx.state().isEmpty()) {
      throw new IllegalStateException("maxfl client: client " + ctx.clientId() + " has no personal model in its"
          + " state store; train one first (Local on the same store) so that ρ_k is its loss");
    }
    ClientData d = ctx.data();
    ClientContext onTrain = new ClientContext(ctx.clientId(), ctx.round(), new ClientData(d.train(), null, d.train()),
        ctx.rng().derive("maxfl-local-loss"), ctx.store());
    Config cfg = Config.empty().with(SupervisedClient.PERSONAL, true);
    EvaluateReply r = inner.evaluate(new EvaluateInstruction(ctx.clientId(), in.round(), in.global(), cfg), onTrain);
    return r.loss();
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    return inner.evaluate(in, ctx);
  }
}
