package org.probity.federated.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.federated.DiskSpillingStateStore;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** A private silo's state (personal model + ledger) survives every store exactly. */
class SiloStateTest {
  private static final SiloLedger LEDGER = new SiloLedger(0.7123456789012345, 10.0 / 113, 1e-5, 1.0, 2250, 2250, 31,
      0.03, 2, 113);

  @Test
  void theLedgerRoundTripsBitForBit() {
    assertEquals(LEDGER, SiloLedger.decode(LEDGER.encode()));
    SiloLedger odd = new SiloLedger(Double.MIN_VALUE, 1, 0.5, Double.POSITIVE_INFINITY, Long.MAX_VALUE / 2048, 0, 0,
        Double.NaN, -1, Integer.MAX_VALUE);
    assertEquals(odd, SiloLedger.decode(odd.encode()));
  }

  @Test
  void personalModelAndLedgerSpillToDiskTogether() {
    Params personal = new Params(Map.of("linear.weight", Tensor.wrap(new float[] {1.5f, -2, 3}, Shape.of(3))));
    try (DiskSpillingStateStore store = new DiskSpillingStateStore(0)) {
      store.put(1, SiloState.of(personal, LEDGER));
      store.put(2, SiloState.of(null, LEDGER));
      Object back = store.get(1).orElseThrow();
      assertEquals(LEDGER, SiloState.ledger(back));
      assertArrayEquals(personal.get("linear.weight").data(), SiloState.personal(back).get("linear.weight").data());
      assertEquals(1, SiloState.personal(back).byName().size());
      assertNull(SiloState.personal(store.get(2).orElseThrow()));
      assertEquals(LEDGER, SiloState.ledger(store.get(2).orElseThrow()));
    }
    assertSame(personal, SiloState.of(personal, null), "without privacy the state is the bare model");
    assertNull(SiloState.ledger(personal));
  }
}
