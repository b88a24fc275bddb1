package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {
  @Test
  void roundTripWithinHalfAStep() {
    SecAggConfig c = new SecAggConfig(1000, 12, 3.0, 4, 3);
    Quantizer q = new Quantizer(c);
    Random r = new Random(3);
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((2 * r.nextDouble() - 1) * 3.0);
    }
    double[] back = q.dequantize(q.quantize(x));
    double half = Math.scalb(1.0, -13);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(back[i] - x[i]));
    }
    assertTrue(worst <= half, "error " + worst + " beyond 2^-13");
    assertTrue(worst > half / 4, "the bound is nearly tight: " + worst);
    assertEquals(q.sumErrorBound(1), half);
    assertEquals(q.sumErrorBound(4), 4 * half);
  }

  @Test
  void clipsToTheRange() {
    SecAggConfig c = new SecAggConfig(4, 4, 2.0, 2, 2);
    Quantizer q = new Quantizer(c);
    assertArrayEquals(new int[] {32, -32, 8, -1}, q.quantize(new float[] {7f, -1e30f, 0.5f, -0.0625f}));
    assertThrows(IllegalArgumentException.class, () -> q.quantize(new float[] {0, Float.NaN, 0, 0}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> q.quantize(new float[] {0, 0, Float.POSITIVE_INFINITY, 0}));
    assertTrue(e.getMessage().contains("coordinate 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> q.quantize(new float[3]));
  }

  @Test
  void negativeSumsReadBackSigned() {
    SecAggConfig c = new SecAggConfig(2, 10, 1.0, 3, 2);
    Quantizer q = new Quantizer(c);
    int[] a = q.quantize(new float[] {-1f, 0.75f});
    int[] s = {a[0] * 3, a[1] - 5};
    assertArrayEquals(new double[] {-3, 0.75 - 5 / 1024.0}, q.dequantize(s), 0.0);
  }

  @Test
  void overflowIsRefusedWithAClearMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SecAggConfig(10, 24, 10.0, 50, 26));
    assertTrue(e.getMessage().contains("< 2^31") && e.getMessage().contains("overflow"), e.getMessage());
    // 64·1·2^24 = 2^30 fits; 128·1·2^24 = 2^31 does not.
    new SecAggConfig(10, 24, 1.0, 64, 33);
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(10, 24, 1.0, 128, 65));
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(10, 31, 1e-3, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(10, 8, Double.NaN, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(0, 8, 1, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(10, 8, 1, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> new SecAggConfig(10, 8, 1, 5, 6));
  }

  @Test
  void roundsNeedAMajorityThreshold() {
    SecAggConfig c = new SecAggConfig(10, 8, 1, 10, 3);
    c.checkRound(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.checkRound(6));
    assertTrue(e.getMessage().contains("exceed n/2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.checkRound(2));
    assertThrows(IllegalArgumentException.class, () -> c.checkRound(11));
    assertEquals(6, SecAggConfig.majority(10));
    assertEquals(6, SecAggConfig.of(10, 8, 1, 10).threshold());
  }
}
