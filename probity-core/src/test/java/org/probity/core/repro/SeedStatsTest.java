package org.probity.core.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SeedStatsTest {
  @Test
  void meanSpreadAndExtremes() {
    SeedStats s = new SeedStats(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
    assertEquals(5.0, s.mean(), 1e-12);
    // Sample variance: sum of squared deviations 32 over n − 1 = 7.
    assertEquals(Math.sqrt(32.0 / 7), s.std(), 1e-12);
    assertEquals(2.0, s.min(), 0);
    assertEquals(9.0, s.max(), 0);
    assertEquals(8, s.count());
  }

  @Test
  void oneSeedHasNoSpreadAndNoneIsAnError() {
    assertEquals(0.0, new SeedStats(new double[] {3}).std(), 0);
    assertThrows(IllegalArgumentException.class, () -> new SeedStats(new double[0]));
  }
}
