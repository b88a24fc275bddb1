package org.probity.federated.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Appeal against a hand count: strict comparison, ids in order, mismatches and non-finite values refused. */
class AppealTest {
  @Test
  void countsClientsWhereTheGlobalModelIsStrictlyBetter() {
    Map<Integer, Double> global = Map.of(4, 0.9, 1, 0.8, 2, 0.5, 3, 0.7, 7, 0.60000001);
    Map<Integer, Double> local = Map.of(4, 0.85, 1, 0.7, 2, 0.5, 3, 0.9, 7, 0.6);
    // By hand: client 1 (0.8 > 0.7), 4 (0.9 > 0.85), 7 (just above); 2 ties, 3 is worse.
    Appeal a = Appeal.of(global, local);
    assertEquals(5, a.clients());
    assertEquals(3, a.appealing());
    assertEquals(0.6, a.fraction(), 1e-15);
    assertEquals(List.of(1, 4, 7), a.appealingClients());
    // Swapped: only client 3 prefers its local model strictly.
    assertEquals(List.of(3), Appeal.of(local, global).appealingClients());
  }

  @Test
  void refusesMismatchedOrBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Appeal.of(Map.of(1, 0.5, 2, 0.5), Map.of(1, 0.5, 3, 0.5)));
    assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Appeal.of(Map.of(), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Appeal.of(Map.of(1, Double.NaN), Map.of(1, 0.5)));
  }
}
