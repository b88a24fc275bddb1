package org.probity.federated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The Iterative Federated Clustering Algorithm (IFCA; Ghosh, Chung, Yin, Ramchandran, NeurIPS 2020;
 * HypCluster in Motley): the server keeps k global models, each client picks the one with the lowest
 * loss on its train split, trains it and reports its choice (metric {@link #CLUSTER}), and each
 * model becomes the example-weighted average of the replies that chose it (a model nobody chose is
 * kept). Evaluation also picks the model with the lowest train loss. The k models travel as one
 * {@link Params} whose names are prefixed "c{j}/" ({@link #stack}); initialise them differently
 * (different seeds, or k warm-start FedAvg runs as Motley does), since identical models never split.
 * The client side is {@link SupervisedClient} ({@link #CLUSTERS}).
 */
public class Ifca extends Strategy {
  /** Config key: the number of stacked models k. */
  public static final String CLUSTERS = "ifca_clusters";
  /** Reply metric: the index of the model the client chose. */
  public static final String CLUSTER = "cluster";

  private final int k;

  public Ifca(ClientSampler fitSampler, int clusters) {
    super(fitSampler, ClientSampler.all());
    if (clusters < 1) {
      throw new IllegalArgumentException("ifca: clusters must be >= 1, got " + clusters);
    }
    this.k = clusters;
  }

  @Override
  public String name() {
    return "ifca";
  }

  /** False: the carried parameters are k stacked models, not one. */
  @Override
  public boolean hasGlobalModel() {
    return false;
  }

  @Override
  public void initialize(Params initial) {
    unstack(initial, k);
  }

  /** Fails when there are more clusters than clients: some model could never be chosen and trained. */
  @Override
  public void checkPool(int[] pool) {
    if (k > pool.length) {
      throw new IllegalArgumentException("ifca: " + k + " clusters but only " + pool.length
          + " clients; use at most as many clusters as clients");
    }
  }

  @Override
  public List<FitInstruction> configureFit(int round, Params global, int[] pool, Rng rng) {
    checkPool(pool);
    return super.configureFit(round, global, pool, rng);
  }

  @Override
  protected Config fitConfig(int round) {
    return super.fitConfig(round).with(CLUSTERS, k);
  }

  @Override
  protected Config evaluateConfig(int round) {
    return super.evaluateConfig(round).with(CLUSTERS, k);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    List<Params> models = new ArrayList<>(unstack(global, k));
    for (int j = 0; j < k; j++) {
      List<FitReply> mine = new ArrayList<>();
      for (FitReply r : replies) {
        Double c = r.metrics().get(CLUSTER);
        if (c == null || c < 0 || c >= k || c != Math.rint(c)) {
          throw new IllegalArgumentException("ifca: round " + round + ": client " + r.clientId()
              + " reported cluster " + c + ", expected an integer in [0, " + k + ")");
        }
        if (c.intValue() == j) {
          mine.add(r);
        }
      }
      if (!mine.isEmpty()) {
        models.set(j, FedAvg.weightedAverage(mine));
      }
    }
    return stack(models);
  }

  /** The k models as one parameter set, names prefixed "c0/", "c1/", .... */
  public static Params stack(List<Params> models) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int j = 0; j < models.size(); j++) {
      for (Map.Entry<String, Tensor> e : models.get(j).byName().entrySet()) {
        out.put("c" + j + "/" + e.getKey(), e.getValue());
      }
    }
    return new Params(out);
  }

  /** The inverse of {@link #stack}; fails naming what is missing when {@code p} does not hold k models. */
  public static List<Params> unstack(Params p, int k) {
    List<Map<String, Tensor>> parts = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      parts.add(new LinkedHashMap<>());
    }
    for (Map.Entry<String, Tensor> e : p.byName().entrySet()) {
      String name = e.getKey();
      int slash = name.indexOf('/');
      int j = -1;
      if (name.startsWith("c") && slash > 1) {
        try {
          j = Integer.parseInt(name.substring(1, slash));
        } catch (NumberFormatException ignored) {
          j = -1;
        }
      }
      if (j < 0 || j >= k) {
        throw new IllegalArgumentException("ifca: parameter '" + name + "' is not one of " + k
            + " stacked models (expected names 'c0/...' to 'c" + (k - 1) + "/...'; build them with Ifca.stack)");
      }
      parts.get(j).put(name.substring(slash + 1), e.getValue());
    }
    List<Params> out = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (parts.get(j).isEmpty()) {
        throw new IllegalArgumentException("ifca: model " + j + " of " + k + " is missing from the parameters");
      }
      out.add(new Params(parts.get(j)));
    }
    return out;
  }
}
