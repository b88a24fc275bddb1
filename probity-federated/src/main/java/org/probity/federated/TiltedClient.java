package org.probity.federated;

import java.util.Map;
import java.util.function.Supplier;
import org.probity.core.model.ModelSpec;
import org.probity.core.objective.Objective;
import org.probity.core.objective.Tilted;
import org.probity.core.optim.GradientTransform;

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
 * <p>The training loop is {@link ObjectiveClient}'s; this class only chooses the tilted objective
 * and reports the tilted risk. Like it, it covers the plain (FedAvg-style) fit only: FedProx,
 * personalisation or silo privacy together with an inner tilt are refused rather than ignored.
 */
public final class TiltedClient implements ClientApp {
  /** The within-client tilt t (fit); absent: train as {@link SupervisedClient}. */
  public static final String INNER_TILT = "inner_tilt";

  private final ObjectiveClient inner;

  public TiltedClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer) {
    this.inner = new ObjectiveClient(spec, localEpochs, batchSize, optimizer, TiltedClient::objective,
        TiltedClient::report);
  }

  private static Objective objective(Config cfg, ClientContext ctx) {
    if (!cfg.has(INNER_TILT)) {
      return null;
    }
    double t = cfg.getDouble(INNER_TILT, 0);
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException("tilted client: client " + ctx.clientId() + ": " + INNER_TILT
          + " must be finite, got " + t);
    }
    return new Tilted(t);
  }

  private static Map<String, Double> report(Config cfg, ClientContext ctx, Objective objective,
      Supplier<double[]> losses) {
    if (!cfg.getBoolean(SupervisedClient.REPORT_INITIAL_LOSS, false)) {
      return Map.of();
    }
    return Map.of(SupervisedClient.INITIAL_LOSS, Tilted.risk(losses.get(), ((Tilted) objective).t()));
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    return inner.fit(in, ctx);
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    return inner.evaluate(in, ctx);
  }
}
