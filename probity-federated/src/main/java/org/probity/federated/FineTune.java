package org.probity.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.nn.Params;

/**
 * FedAvg + local fine-tuning (FT), the strongest simple baseline of the Motley benchmark (Wu et al.
 * 2022): training is FedAvg's, and each evaluated client first fine-tunes the global model on its
 * own train split for E epochs (the whole model, or the last layer only) and evaluates the result.
 * Motley chooses E on validation data rather than on the test data it reports; here, with a grid
 * of several values, every client fine-tunes once up to the largest E, measuring validation and test
 * metrics at each grid value ({@link SupervisedClient#FINETUNE_GRID}), and
 * {@link #selectEvaluations} keeps the E with the highest mean validation accuracy over clients
 * (lowest mean validation loss when there is no accuracy, as in regression; the smallest E on ties,
 * the cheaper and less over-fitted choice) and reports each client's test figures at that E. A
 * grid of one value is a fixed setting sent under {@link SupervisedClient#FINETUNE_EPOCHS} and needs
 * no validation split, so E = 0 is exactly FedAvg's evaluation. Every selected reply carries the
 * metric {@link #EPOCHS_METRIC} = E and, with validation rows, the fine-tuned model's validation
 * accuracy and loss at E.
 */
public class FineTune extends FedAvg {
  /** Metric added to every selected reply: the fine-tuning epochs its figures are for. */
  public static final String EPOCHS_METRIC = "finetune_epochs";

  private final int[] grid;
  private final boolean lastLayerOnly;
  private final double learningRate;
  private volatile int chosen = -1;

  /** Fine-tunes for a fixed number of epochs with the client's own optimiser. */
  public FineTune(ClientSampler fitSampler, int epochs, boolean lastLayerOnly) {
    this(fitSampler, epochs, lastLayerOnly, Double.NaN);
  }

  /** @param learningRate SGD rate for fine-tuning; NaN to use the client's optimiser */
  public FineTune(ClientSampler fitSampler, int epochs, boolean lastLayerOnly, double learningRate) {
    this(fitSampler, new int[] {epochs}, lastLayerOnly, learningRate);
  }

  /**
   * @param epochGrid the candidate epochs (distinct, >= 0, any order); several values are chosen
   *     between on the clients' validation splits
   * @param learningRate SGD rate for fine-tuning; NaN to use the client's optimiser
   */
  public FineTune(ClientSampler fitSampler, int[] epochGrid, boolean lastLayerOnly, double learningRate) {
    super(fitSampler);
    if (epochGrid == null || epochGrid.length == 0) {
      throw new IllegalArgumentException("finetune: the epoch grid is empty; give at least one epoch count");
    }
    int[] g = epochGrid.clone();
    Arrays.sort(g);
    for (int i = 0; i < g.length; i++) {
      if (g[i] < 0) {
        throw new IllegalArgumentException("finetune: epochs must be >= 0, got " + g[i] + " in the grid "
            + Arrays.toString(epochGrid));
      }
      if (i > 0 && g[i] == g[i - 1]) {
        throw new IllegalArgumentException("finetune: epoch " + g[i] + " appears twice in the grid "
            + Arrays.toString(epochGrid));
      }
    }
    if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("finetune: learning rate must be finite and > 0 (or NaN), got "
          + learningRate);
    }
    this.grid = g;
    this.lastLayerOnly = lastLayerOnly;
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "finetune";
  }

  /** The candidate epochs, ascending. */
  public int[] epochGrid() {
    return grid.clone();
  }

  /** The E chosen at the last evaluation (the single grid value if there is only one); -1 before any. */
  public int chosenEpochs() {
    return chosen;
  }

  @Override
  public void initialize(Params initial) {
    super.initialize(initial);
    chosen = -1;
  }

  @Override
  protected Config evaluateConfig(int round) {
    Config c = super.evaluateConfig(round);
    if (grid.length == 1) {
      c = c.with(SupervisedClient.FINETUNE_EPOCHS, grid[0]);
    } else {
      StringBuilder sb = new StringBuilder();
      for (int e : grid) {
        sb.append(sb.length() == 0 ? "" : ",").append(e);
      }
      c = c.with(SupervisedClient.FINETUNE_GRID, sb.toString());
    }
    c = c.with(SupervisedClient.FINETUNE_LAST_LAYER, lastLayerOnly);
    return Double.isNaN(learningRate) ? c : c.with(SupervisedClient.FINETUNE_LR, learningRate);
  }

  @Override
  protected List<EvaluateReply> selectEvaluations(int round, List<EvaluateReply> replies) {
    if (replies.isEmpty()) {
      return replies;
    }
    if (grid.length == 1) {
      chosen = grid[0];
      List<EvaluateReply> out = new ArrayList<>(replies.size());
      for (EvaluateReply r : replies) {
        Map<String, Double> m = new LinkedHashMap<>(r.metrics());
        m.put(EPOCHS_METRIC, (double) grid[0]);
        out.add(new EvaluateReply(r.clientId(), r.numExamples(), r.loss(), m));
      }
      return out;
    }
    int e = choose(round, replies);
    chosen = e;
    List<EvaluateReply> out = new ArrayList<>(replies.size());
    for (EvaluateReply r : replies) {
      out.add(at(round, r, e));
    }
    return out;
  }

  /** The grid value with the best mean validation score over clients; the smallest on ties. */
  private int choose(int round, List<EvaluateReply> replies) {
    boolean byAccuracy = true;
    for (EvaluateReply r : replies) {
      byAccuracy &= r.metrics().containsKey(SupervisedClient.VALIDATION_PREFIX + "accuracy@" + grid[0]);
    }
    String key = SupervisedClient.VALIDATION_PREFIX + (byAccuracy ? "accuracy" : "loss") + "@";
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int e : grid) {
      double sum = 0;
      for (EvaluateReply r : replies) {
        Double v = r.metrics().get(key + e);
        if (v == null) {
          throw new IllegalArgumentException("finetune: round " + round + ": client " + r.clientId()
              + " reported no '" + key + e + "'; choosing among the epochs " + Arrays.toString(grid)
              + " needs every client's validation figures (a validation split and the supervised client)");
        }
        sum += v;
      }
      double score = (byAccuracy ? 1 : -1) * sum / replies.size();
      // Strictly greater: the first (smallest) E wins ties; NaN never wins.
      if (score > bestScore) {
        bestScore = score;
        best = e;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("finetune: round " + round + ": every mean validation " + key
          + "E over the grid " + Arrays.toString(grid) + " is NaN");
    }
    return best;
  }

  /**
   * The reply with its test loss and metrics at E epochs and its validation accuracy and loss at E
   * ({@link SupervisedClient#VALIDATION_ACCURACY}), without the other per-epoch and validation keys.
   */
  private EvaluateReply at(int round, EvaluateReply r, int e) {
    String suffix = "@" + e;
    Double loss = r.metrics().get("loss" + suffix);
    if (loss == null) {
      throw new IllegalArgumentException("finetune: round " + round + ": client " + r.clientId()
          + " reported no test loss at " + e + " epochs ('loss" + suffix + "')");
    }
    String firstSuffix = "@" + grid[0];
    Map<String, Double> m = new LinkedHashMap<>();
    for (Map.Entry<String, Double> x : r.metrics().entrySet()) {
      String k = x.getKey();
      int at = k.lastIndexOf('@');
      if (at < 0) {
        // Plain keys are the first grid value's test figures, or extras such as IFCA's cluster.
        if (!r.metrics().containsKey(k + firstSuffix)) {
          m.put(k, x.getValue());
        }
      } else if (k.endsWith(suffix) && !k.startsWith(SupervisedClient.VALIDATION_PREFIX) && !k.equals("loss" + suffix)) {
        m.put(k.substring(0, at), x.getValue());
      } else if (k.equals(SupervisedClient.VALIDATION_ACCURACY + suffix) || k.equals(SupervisedClient.VALIDATION_LOSS
          + suffix)) {
        // The fine-tuned model's validation figures at E, as a plain evaluation reports them.
        m.put(k.substring(0, at), x.getValue());
      }
    }
    m.put(EPOCHS_METRIC, (double) e);
    return new EvaluateReply(r.clientId(), r.numExamples(), loss, m);
  }
}
