package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class SquareSumsTest {
  @Test
  void bothPathsMatchANaiveDoubleSumAtAnyLengthAndOffset() {
    float[] d = Tensor.randn(new Rng(1), 5000).data();
    int[] lengths = {0, 1, 7, 31, 32, 33, 100, 1023, 1024, 1025, 2056, 4993};
    for (int off : new int[] {0, 3}) {
      for (int len : lengths) {
        double naive = 0;
        for (int k = off; k < off + len; k++) {
          naive += (double) d[k] * d[k];
        }
        assertEquals(naive, SquareSums.scalar(d, off, len), 1e-12 * (1 + naive), "scalar, len " + len);
        assertEquals(naive, SquareSums.of(d, off, len), 1e-6 * (1 + naive), "dispatch, len " + len);
      }
    }
  }
}
