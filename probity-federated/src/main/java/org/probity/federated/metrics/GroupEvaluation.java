package org.probity.federated.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.metrics.Metrics;
import org.probity.federated.EvaluateReply;

/**
 * Worst-group figures for a whole federation (Sagawa et al. 2020's worst-group accuracy; the
 * bounded-group-loss constraint of Hu et al. 2022), where groups (a demographic attribute, a data
 * source) span clients. A client's own worst group says little: the federation's group loss is the
 * mean over every example of the group, wherever it lives. So each client reports, per group it
 * holds, the example count and its group mean loss and accuracy ({@link #encode}); the server pools
 * them weighted by those counts ({@link #pool}) and takes the worst group of the pooled figures.
 * Keys are {@code group_count/G}, {@code group_loss/G} and {@code group_accuracy/G}; they never
 * enter the example-weighted means of the other metrics.
 */
public final class GroupEvaluation {
  /** The prefix of every per-group key a client reports. */
  public static final String PREFIX = "group_";
  public static final String COUNT = "group_count/";
  public static final String LOSS = "group_loss/";
  public static final String ACCURACY = "group_accuracy/";

  private GroupEvaluation() {}

  /** Whether {@code key} is one of the per-group keys (pooled by {@link #pool}, not averaged). */
  public static boolean isGroupKey(String key) {
    return key.startsWith(PREFIX) || key.equals(Metrics.WORST_GROUP_ACCURACY) || key.equals(Metrics.WORST_GROUP_LOSS);
  }

  /**
   * The per-group keys of one client's evaluation {@code m} (empty when its data has no groups);
   * the client's own worst-group values are left out since only pooled ones are meaningful.
   */
  public static Map<String, Double> encode(Metrics m) {
    Map<String, Double> out = new TreeMap<>();
    Map<Integer, Double> counts = m.group("count");
    Map<Integer, Double> loss = m.group(Metrics.LOSS);
    Map<Integer, Double> acc = m.group(Metrics.ACCURACY);
    for (Map.Entry<Integer, Double> e : counts.entrySet()) {
      int g = e.getKey();
      out.put(COUNT + g, e.getValue());
      if (loss.containsKey(g)) {
        out.put(LOSS + g, loss.get(g));
      }
      if (acc.containsKey(g)) {
        out.put(ACCURACY + g, acc.get(g));
      }
    }
    return out;
  }

  /**
   * The pooled per-group means over {@code replies} (each group's values weighted by each client's
   * count of it) and the worst group's accuracy (lowest) and loss (highest), or an empty map when no
   * reply carries groups. A reply with a group loss but no count is an error: pooling needs both.
   */
  public static Map<String, Double> pool(List<EvaluateReply> replies) {
    Map<Integer, double[]> sums = new TreeMap<>(); // count, loss sum, accuracy sum, accuracy count
    for (EvaluateReply r : replies) {
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        if (!e.getKey().startsWith(COUNT)) {
          continue;
        }
        int g = groupOf(e.getKey(), r);
        double n = e.getValue();
        Double loss = r.metrics().get(LOSS + g);
        if (loss == null) {
          throw new IllegalArgumentException("group evaluation: client " + r.clientId() + " reports a count for group "
              + g + " but no '" + LOSS + g + "'");
        }
        double[] s = sums.computeIfAbsent(g, k -> new double[4]);
        s[0] += n;
        s[1] += n * loss;
        Double acc = r.metrics().get(ACCURACY + g);
        if (acc != null) {
          s[2] += n * acc;
          s[3] += n;
        }
      }
    }
    Map<String, Double> out = new TreeMap<>();
    double worstLoss = Double.NaN;
    double worstAcc = Double.NaN;
    for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
      double[] s = e.getValue();
      if (s[0] <= 0) {
        continue;
      }
      int g = e.getKey();
      double loss = s[1] / s[0];
      out.put(COUNT + g, s[0]);
      out.put(LOSS + g, loss);
      worstLoss = Double.isNaN(worstLoss) ? loss : Math.max(worstLoss, loss);
      if (s[3] > 0) {
        double acc = s[2] / s[3];
        out.put(ACCURACY + g, acc);
        worstAcc = Double.isNaN(worstAcc) ? acc : Math.min(worstAcc, acc);
      }
    }
    if (!out.isEmpty()) {
      out.put(Metrics.WORST_GROUP_LOSS, worstLoss);
      if (!Double.isNaN(worstAcc)) {
        out.put(Metrics.WORST_GROUP_ACCURACY, worstAcc);
      }
    }
    return out;
  }

  /** The pooled per-group values of {@code metric} ("loss" or "accuracy") in {@code pooled}, by group id. */
  public static Map<Integer, Double> perGroup(Map<String, Double> pooled, String metric) {
    String prefix = PREFIX + metric + "/";
    Map<Integer, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : pooled.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.put(Integer.parseInt(e.getKey().substring(prefix.length())), e.getValue());
      }
    }
    return out;
  }

  private static int groupOf(String key, EvaluateReply r) {
    String id = key.substring(COUNT.length());
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("group evaluation: client " + r.clientId() + " reports '" + key
          + "', whose group id '" + id + "' is not an integer");
    }
  }
}
