package org.probity.federated.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.federated.EvaluateReply;

class ClientValuesTest {
  @Test
  void picksTheNamedMetricPerClientAndRefusesGaps() {
    Map<Integer, EvaluateReply> replies = Map.of(
        2, new EvaluateReply(2, 10, 0.3, Map.of("accuracy", 0.9)),
        0, new EvaluateReply(0, 5, 0.7, Map.of("accuracy", 0.4)));
    assertEquals(Map.of(0, 0.4, 2, 0.9), ClientValues.metric(replies, "accuracy"));
    assertEquals(0, ClientValues.metric(replies, "accuracy").firstKey());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientValues.metric(replies, "f1"));
    assertTrue(e.getMessage().contains("has no metric 'f1'"), e.getMessage());
  }
}
