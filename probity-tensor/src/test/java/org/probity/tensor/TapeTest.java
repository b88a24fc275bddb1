package org.probity.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TapeTest {
  /** y = 3x recorded by hand, so this test depends on the tape alone. */
  private static Tensor triple(Tensor x) {
    float[] d = x.toArray();
    for (int i = 0; i < d.length; i++) {
      d[i] *= 3;
    }
    return Tape.record("triple", Tensor.wrap(d, x.shape()), g -> {
      float[] gd = g.toArray();
      for (int i = 0; i < gd.length; i++) {
        gd[i] *= 3;
      }
      return new Tensor[] {Tensor.wrap(gd, g.shape())};
    }, x);
  }

  private static Tensor sumAll(Tensor x) {
    float s = 0;
    for (float v : x.data()) {
      s += v;
    }
    return Tape.record("sumAll", Tensor.scalar(s), g -> new Tensor[] {Tensor.full(g.item(), x.shape())}, x);
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    for (int k = 0; k < 2; k++) {
      try (Tape tape = Tape.start()) {
        tape.backward(sumAll(triple(x)));
      }
    }
    assertArrayEquals(new float[] {6, 6}, x.grad().data());
    x.zeroGrad();
    assertNull(x.grad());
  }

  @Test
  void noGradScopeRecordsNothing() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      try (NoGrad ignored = NoGrad.enter()) {
        triple(x);
      }
      assertEquals(0, tape.size());
      triple(x);
      assertEquals(1, tape.size());
    }
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Tensor y = triple(x).detach();
      assertThrows(IllegalStateException.class, () -> tape.backward(sumAll(y)));
    }
  }

  @Test
  void reusedTensorGetsSummedGradient() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Tensor y = triple(x);
      float[] d = y.toArray();
      for (int i = 0; i < d.length; i++) {
        d[i] *= 2;
      }
      Tensor z = Tape.record("y+y", Tensor.wrap(d, y.shape()), g -> new Tensor[] {g, g}, y, y);
      tape.backward(sumAll(z));
    }
    assertArrayEquals(new float[] {6, 6}, x.grad().data());
  }

  @Test
  void backwardNeedsAScalar() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      Tensor y = triple(x);
      assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
    }
  }
}
