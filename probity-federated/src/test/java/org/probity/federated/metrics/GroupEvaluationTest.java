package org.probity.federated.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.metrics.Evaluator;
import org.probity.core.metrics.Metrics;
import org.probity.federated.EvaluateReply;
import org.probity.federated.Strategy;
import org.probity.federated.FedAvg;
import org.probity.federated.FractionSampler;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class GroupEvaluationTest {
  private static final int N = 60;
  private static final int CLASSES = 3;

  /** Random logits, losses, labels and groups; client k holds the rows with id % 3 == k. */
  private static final class Pool {
    final float[] logits = new float[N * CLASSES];
    final double[] loss = new double[N];
    final int[] labels = new int[N];
    final int[] groups = new int[N];

    Pool(long seed) {
      Rng rng = new Rng(seed);
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < N; i++) {
        loss[i] = rng.nextDouble() * 2;
        labels[i] = rng.nextInt(CLASSES);
        // group 2 lives only at client 1: a group that spans one client.
        groups[i] = i % 3 == 1 && rng.nextDouble() < 0.4 ? 2 : rng.nextInt(2);
      }
    }

    Dataset data(int[] rows) {
      int[] l = new int[rows.length];
      int[] g = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        l[i] = labels[rows[i]];
        g[i] = groups[rows[i]];
      }
      return Dataset.classification("pool", Tensor.zeros(rows.length, 1), l, CLASSES).withGroups(g);
    }

    Metrics metrics(int[] rows) {
      float[] out = new float[rows.length * CLASSES];
      double[] ls = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(logits, rows[i] * CLASSES, out, i * CLASSES, CLASSES);
        ls[i] = loss[rows[i]];
      }
      return Evaluator.fromOutputs(out, CLASSES, ls, data(rows));
    }
  }

  private static int[] rowsOf(int client) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      if (i % 3 == client) {
        r.add(i);
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void pooledGroupFiguresEqualThoseOfTheUnionOfTheClientsData() {
    Pool pool = new Pool(7);
    List<EvaluateReply> replies = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int[] rows = rowsOf(k);
      replies.add(new EvaluateReply(k, rows.length, 0.0, GroupEvaluation.encode(pool.metrics(rows))));
    }
    int[] all = new int[N];
    for (int i = 0; i < N; i++) {
      all[i] = i;
    }
    Metrics whole = pool.metrics(all);
    Map<String, Double> pooled = GroupEvaluation.pool(replies);
    Map<Integer, Double> loss = GroupEvaluation.perGroup(pooled, "loss");
    Map<Integer, Double> acc = GroupEvaluation.perGroup(pooled, "accuracy");
    assertEquals(whole.group(Metrics.LOSS).keySet(), loss.keySet());
    for (int g : loss.keySet()) {
      assertEquals(whole.group(Metrics.LOSS).get(g), loss.get(g), 1e-12, "loss of group " + g);
      assertEquals(whole.group(Metrics.ACCURACY).get(g), acc.get(g), 1e-12, "accuracy of group " + g);
    }
    assertEquals(whole.get(Metrics.WORST_GROUP_LOSS), pooled.get(Metrics.WORST_GROUP_LOSS), 1e-12);
    assertEquals(whole.get(Metrics.WORST_GROUP_ACCURACY), pooled.get(Metrics.WORST_GROUP_ACCURACY), 1e-12);
  }

  @Test
  void theStrategyPoolsGroupKeysInsteadOfAveragingThem() {
    Pool pool = new Pool(11);
    List<EvaluateReply> replies = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int[] rows = rowsOf(k);
      Map<String, Double> m = new java.util.HashMap<>(GroupEvaluation.encode(pool.metrics(rows)));
      m.put("accuracy", pool.metrics(rows).get(Metrics.ACCURACY));
      replies.add(new EvaluateReply(k, rows.length, 1.0, m));
    }
    Strategy s = new FedAvg(new FractionSampler(1.0));
    Map<String, Double> out = s.aggregateEvaluate(1, replies);
    assertEquals(GroupEvaluation.pool(replies), subset(out, GroupEvaluation::isGroupKey));
    assertFalse(out.keySet().stream().anyMatch(k -> k.startsWith("client_mean_group")));
    assertTrue(out.containsKey("accuracy") && out.containsKey("client_mean_accuracy"));
  }

  @Test
  void dataWithoutGroupsPoolsToNothing() {
    List<EvaluateReply> replies = List.of(new EvaluateReply(0, 5, 0.3, Map.of("accuracy", 0.5)));
    assertTrue(GroupEvaluation.pool(replies).isEmpty());
  }

  @Test
  void aCountWithoutItsLossIsAnError() {
    List<EvaluateReply> replies = List.of(new EvaluateReply(4, 5, 0.3, Map.of("group_count/1", 5.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupEvaluation.pool(replies));
    assertTrue(e.getMessage().contains("client 4") && e.getMessage().contains("group_loss/1"), e.getMessage());
  }

  private static Map<String, Double> subset(Map<String, Double> m, java.util.function.Predicate<String> keep) {
    Map<String, Double> out = new java.util.TreeMap<>();
    m.forEach((k, v) -> {
      if (keep.test(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
