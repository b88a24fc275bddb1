package org.probity.federated;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.core.objective.GroupWeighted;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Objective;
import org.probity.core.optim.GradientTransform;

/**
 * The client half of federated bounded group loss ({@link BoundedGroupLoss}; Hu, Wu, Smith et al.,
 * arXiv 2203.10190): when a fit instruction carries {@link BoundedGroupLoss#ACTIVE}, the client
 * reports, at the model it received, its train loss summed by group and its group counts
 * ({@link BoundedGroupLoss#LOSS_SUM_PREFIX}, {@link BoundedGroupLoss#COUNT_PREFIX}), then trains its
 * plain local epochs ({@link ObjectiveClient}) on core's {@link GroupWeighted} mean with the weights
 * {@code w_a = 1 + λ_a n / n_a} the server sent ({@link BoundedGroupLoss#WEIGHT_PREFIX}); a group
 * without a weight has λ_a = 0 and weight 1. When every weight is 1 (λ = 0, as in round 1) it trains
 * on the plain {@link Mean}, so that a run whose constraints never bind is FedAvg step for step.
 * Without the key it is a {@link SupervisedClient} (or the fallback client given, such as a
 * {@link TiltedClient}), so one client app serves every strategy. Its
 * train split needs group ids ({@code Dataset.withGroups}).
 */
public final class BoundedGroupLossClient implements ClientApp {
  private final ObjectiveClient inner;

  /** Falls back to a {@link SupervisedClient} with the same settings. */
  public BoundedGroupLossClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer) {
    this(spec, localEpochs, batchSize, optimizer, new SupervisedClient(spec, localEpochs, batchSize, optimizer));
  }

  /**
   * Falls back to {@code fallback} for instructions without {@link BoundedGroupLoss#ACTIVE} and for
   * every evaluation, e.g. a {@link TiltedClient}, so that one app serves BGL, hierarchical TERM and
   * the rest.
   */
  public BoundedGroupLossClient(ModelSpec spec, int localEpochs, int batchSize, GradientTransform<?> optimizer,
      ClientApp fallback) {
    this.inner = new ObjectiveClient(spec, localEpochs, batchSize, optimizer, BoundedGroupLossClient::objective,
        BoundedGroupLossClient::report, fallback);
  }

  private static Objective objective(Config cfg, ClientContext ctx) {
    if (!cfg.getBoolean(BoundedGroupLoss.ACTIVE, false)) {
      return null;
    }
    int[] groups = groups(ctx);
    int max = 0;
    for (int g : groups) {
      if (g < 0) {
        throw new IllegalArgumentException("bgl client: client " + ctx.clientId() + ": group ids must be >= 0, got "
            + g);
      }
      max = Math.max(max, g);
    }
    double[] w = new double[max + 1];
    Arrays.fill(w, 1.0);
    boolean allOne = true;
    for (Map.Entry<String, Object> e : cfg.values().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(BoundedGroupLoss.WEIGHT_PREFIX)) {
        continue;
      }
      int g;
      try {
        g = Integer.parseInt(key.substring(BoundedGroupLoss.WEIGHT_PREFIX.length()));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("bgl client: client " + ctx.clientId() + ": config key '" + key
            + "' is not '" + BoundedGroupLoss.WEIGHT_PREFIX + "<group id>'");
      }
      double v = cfg.getDouble(key, 1);
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("bgl client: client " + ctx.clientId() + ": weight '" + key
            + "' must be finite and >= 0, got " + v);
      }
      if (g >= 0 && g < w.length) {
        w[g] = v;
        allOne &= v == 1;
      }
    }
    return allOne ? Mean.INSTANCE : new GroupWeighted(w);
  }

  private static int[] groups(ClientContext ctx) {
    Dataset train = ctx.data().train();
    if (train.groups() == null) {
      throw new IllegalArgumentException("bgl client: client " + ctx.clientId() + "'s train split '" + train.name()
          + "' has no group ids; bounded group loss needs them (Dataset.withGroups)");
    }
    return train.groups();
  }

  private static Map<String, Double> report(Config cfg, ClientContext ctx, Objective objective,
      Supplier<double[]> lossesAtStart) {
    int[] groups = groups(ctx);
    double[] l = lossesAtStart.get();
    int max = 0;
    for (int g : groups) {
      max = Math.max(max, g);
    }
    double[] sums = new double[max + 1];
    long[] counts = new long[max + 1];
    for (int i = 0; i < l.length; i++) {
      sums[groups[i]] += l[i];
      counts[groups[i]]++;
    }
    Map<String, Double> out = new LinkedHashMap<>(ObjectiveClient.MEAN_INITIAL_LOSS.report(cfg, ctx, objective,
        lossesAtStart));
    for (int g = 0; g <= max; g++) {
      if (counts[g] > 0) {
        out.put(BoundedGroupLoss.LOSS_SUM_PREFIX + g, sums[g]);
        out.put(BoundedGroupLoss.COUNT_PREFIX + g, (double) counts[g]);
      }
    }
    return out;
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
