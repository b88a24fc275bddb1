package org.probity.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CalibrationErrorTest {
  @Test
  void byHandWithThreeBins() {
    // Bins (0, 1/3], (1/3, 2/3], (2/3, 1].
    double[] conf = {0.2, 0.9, 0.8, 0.5, 0.6, 1.0};
    boolean[] ok = {false, true, false, true, true, true};
    // bin0: {0.2 wrong}: |0 - 0.2| = 0.2, weight 1/6
    // bin1: {0.5 ok, 0.6 ok}: |1 - 0.55| = 0.45, weight 2/6
    // bin2: {0.9 ok, 0.8 wrong, 1.0 ok}: |2/3 - 0.9| = 0.2333.., weight 3/6
    double want = 0.2 / 6 + 0.45 * 2 / 6 + (0.9 - 2.0 / 3) * 3 / 6;
    assertEquals(want, CalibrationError.expected(conf, ok, 3), 1e-12);
  }

  @Test
  void binEdgesBelongToTheLowerBin() {
    assertEquals(0, CalibrationError.bin(0.0, 15));
    assertEquals(0, CalibrationError.bin(1.0 / 15, 15));
    assertEquals(1, CalibrationError.bin(1.0 / 15 + 1e-9, 15));
    assertEquals(14, CalibrationError.bin(1.0, 15));
    // Two confidences on either side of the 1/3 edge land in different bins, so their gaps do not cancel.
    double e = CalibrationError.expected(new double[] {1.0 / 3, 1.0 / 3 + 1e-9}, new boolean[] {true, false}, 3);
    assertEquals(((1 - 1.0 / 3) + (1.0 / 3 + 1e-9)) / 2, e, 1e-12);
  }

  @Test
  void fromProbabilitiesUsesMaxClassAndFifteenBins() {
    float[] p = {
        0.7f, 0.2f, 0.1f, // predicts 0, label 0 -> correct, conf 0.7
        0.1f, 0.3f, 0.6f, // predicts 2, label 1 -> wrong, conf 0.6
        0.05f, 0.9f, 0.05f}; // predicts 1, label 1 -> correct, conf 0.9
    int[] y = {0, 1, 1};
    // 15 bins of width 1/15: 0.6 -> bin 8 (0.5333, 0.6], 0.7 -> bin 10 (0.6667, 0.7333], 0.9 -> bin 13.
    double want = (Math.abs(1 - 0.7f) + Math.abs(0 - 0.6f) + Math.abs(1 - 0.9f)) / 3;
    assertEquals(want, CalibrationError.expected(p, 3, y), 1e-6);
  }

  @Test
  void perfectCalibrationIsZero() {
    double[] conf = {0.75, 0.75, 0.75, 0.75};
    boolean[] ok = {true, true, true, false};
    assertEquals(0.0, CalibrationError.expected(conf, ok, 15), 1e-12);
  }

  @Test
  void rejectsOutOfRangeConfidence() {
    assertThrows(IllegalArgumentException.class,
        () -> CalibrationError.expected(new double[] {1.2}, new boolean[] {true}, 15));
  }
}
