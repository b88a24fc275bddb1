package org.probity.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupMetricsTest {
  @Test
  void perGroupAndWorstByHand() {
    int[] pred = {0, 1, 1, 0, 1, 0, 0};
    int[] lab = {0, 1, 0, 0, 0, 0, 1};
    int[] grp = {0, 0, 1, 1, 1, 3, 3}; // group 2 is empty
    double[] acc = GroupMetrics.accuracy(pred, lab, grp, 4);
    assertEquals(1.0, acc[0]);
    assertEquals(1.0 / 3, acc[1], 1e-12);
    assertTrue(Double.isNaN(acc[2]));
    assertEquals(0.5, acc[3]);
    assertEquals(1.0 / 3, GroupMetrics.worstLow(acc), 1e-12);
    double[] loss = GroupMetrics.means(new double[] {1, 3, 2, 2, 8, 0, 10}, grp, 4);
    assertEquals(2.0, loss[0]);
    assertEquals(4.0, loss[1]);
    assertEquals(5.0, loss[3]);
    assertEquals(5.0, GroupMetrics.worstHigh(loss));
    assertArrayEquals(new int[] {2, 3, 0, 2}, GroupMetrics.counts(grp, 4));
  }

  @Test
  void accuracyAndPredictionsByHand() {
    assertEquals(0.5, Accuracy.of(new int[] {1, 2, 3, 4}, new int[] {1, 0, 3, 0}));
    // Single logit: positive -> class 1; several columns: argmax, first on ties.
    assertArrayEquals(new int[] {1, 0, 0}, Accuracy.predictions(new float[] {0.3f, -2f, 0f}, 3, 1));
    assertArrayEquals(new int[] {2, 0}, Accuracy.predictions(new float[] {0, 1, 5, 7, 7, 1}, 2, 3));
  }

  @Test
  void regressionErrorByHand() {
    float[] p = {1, 2, 3};
    float[] t = {1, 4, 0};
    assertEquals((0 + 4 + 9) / 3.0, RegressionError.mse(p, t), 1e-12);
    assertEquals(Math.sqrt(13 / 3.0), RegressionError.rmse(p, t), 1e-12);
  }

  @Test
  void rejectsBadGroupIds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupMetrics.means(new double[] {1, 2}, new int[] {0, 5}, 2));
    assertTrue(e.getMessage().contains("group id 5"), e.getMessage());
  }

  @Test
  void metricsSerialiseWithJackson() throws Exception {
    Metrics m = Metrics.builder().put("loss", 0.5).put("accuracy", 0.75).putGroup("accuracy", 2, 0.5)
        .putGroup("accuracy", 0, 1.0).build();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String s = json.writeValueAsString(m);
    assertEquals("{\"values\":{\"loss\":0.5,\"accuracy\":0.75},\"perGroup\":{\"accuracy\":{\"0\":1.0,\"2\":0.5}}}", s);
    assertEquals(m, json.readValue(s, Metrics.class));
  }

  @Test
  void metricsLookupNamesWhatExists() {
    Metrics m = Metrics.builder().put("accuracy", 0.9).putGroup("loss", 1, 0.2).build();
    assertEquals(0.9, m.get("accuracy"));
    assertEquals(0.2, m.group("loss").get(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.get("auroc"));
    assertTrue(e.getMessage().contains("[accuracy]"), e.getMessage());
  }
}
