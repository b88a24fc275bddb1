package org.probity.federated.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HurtFractionTest {
  private static final Map<Integer, Double> METHOD = Map.of(1, 0.8, 2, 0.5, 3, 0.7, 4, 0.6);
  private static final Map<Integer, Double> BASELINE = Map.of(1, 0.7, 2, 0.6, 3, 0.7, 4, 0.65);

  @Test
  void strictDropsCountAndTiesDoNot() {
    // gains: +0.1, -0.1, 0, -0.05 -> clients 2 and 4 hurt, mean gain -0.05/4
    HurtFraction h = HurtFraction.of(METHOD, BASELINE);
    assertEquals(4, h.clients());
    assertEquals(2, h.hurt());
    assertEquals(0.5, h.fraction(), 1e-12);
    assertEquals(-0.0125, h.meanGain(), 1e-12);
    assertEquals(List.of(2, 4), h.hurtClients());
  }

  @Test
  void toleranceForgivesSmallDrops() {
    // client 4 drops 0.05 < 0.06; client 2 drops 0.1 > 0.06
    HurtFraction h = HurtFraction.of(METHOD, BASELINE, 0.06);
    assertEquals(List.of(2), h.hurtClients());
    assertEquals(0.25, h.fraction(), 1e-12);
    assertEquals(-0.0125, h.meanGain(), 1e-12);
  }

  @Test
  void againstItselfNobodyIsHurt() {
    HurtFraction h = HurtFraction.of(METHOD, METHOD);
    assertEquals(0, h.hurt());
    assertEquals(0, h.meanGain(), 0);
  }

  @Test
  void mismatchedClientsNameTheDifference() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HurtFraction.of(Map.of(1, 0.5, 2, 0.5, 5, 0.5), Map.of(1, 0.5, 2, 0.5, 3, 0.5)));
    assertTrue(e.getMessage().contains("only in method: [5]") && e.getMessage().contains("only in baseline: [3]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HurtFraction.of(METHOD, BASELINE, -0.1));
    assertThrows(IllegalArgumentException.class, () -> HurtFraction.of(Map.of(), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> HurtFraction.of(Map.of(1, Double.NaN), Map.of(1, 0.5)));
  }
}
