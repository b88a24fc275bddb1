package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class EmbeddingTest {
  private static Tensor ids(int[] v, int... shape) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return Tensor.of(f, shape);
  }

  @Test
  void forwardCopiesRowsAndBothEntryPointsAgree() {
    Embedding emb = new Embedding(5, 3, new Rng(1));
    int[] v = {4, 0, 4, 2};
    Tensor a = emb.forward(ids(v, 2, 2));
    Tensor b = emb.forward(v, 2, 2);
    assertEquals(Shape.of(2, 2, 3), a.shape());
    assertArrayEquals(a.data(), b.data());
    float[] w = emb.weight().data();
    for (int p = 0; p < v.length; p++) {
      assertArrayEquals(Arrays.copyOfRange(w, v[p] * 3, v[p] * 3 + 3), Arrays.copyOfRange(a.data(), p * 3, p * 3 + 3));
    }
    assertEquals(Shape.of(4, 3), emb.forward(v).shape());
  }

  @Test
  void initIsStandardNormal() {
    Embedding emb = new Embedding(200, 100, new Rng(2));
    double s = 0;
    double sq = 0;
    for (float f : emb.weight().data()) {
      s += f;
      sq += f * f;
    }
    assertEquals(0, s / 20000, 0.03);
    assertEquals(1, Math.sqrt(sq / 20000), 0.03);
  }

  @Test
  void gradCheckWithRepeatedIds() {
    Embedding emb = new Embedding(6, 3, new Rng(3));
    Tensor x = ids(new int[] {1, 5, 1, 1, 0, 5}, 2, 3);
    GradCheck.verify("embedding", in -> emb.forward(x), emb.weight());
    // Repeated ids accumulate: row 1 is read three times.
    emb.weight().zeroGrad();
    try (Tape tape = Tape.start()) {
      float[] ones = new float[18];
      Arrays.fill(ones, 1f);
      tape.backward(PerExampleCheck.weightedSum(emb.forward(x), ones));
    }
    float[] g = emb.weight().grad().data();
    assertEquals(3f, g[3]);
    assertEquals(2f, g[15]);
    assertEquals(0f, g[6]);
  }

  @Test
  void outOfRangeIdNamesIdAndTableSize() {
    Embedding emb = new Embedding(4, 2, new Rng(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> emb.forward(ids(new int[] {0, 7}, 2)));
    assertTrue(e.getMessage().contains("id 7") && e.getMessage().contains("4 rows"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> emb.forward(new int[] {-1}));
    assertTrue(e.getMessage().contains("id -1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.vector(1.5f)));
    assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
  }

  @Test
  void perExampleWithRepeatedIds() {
    Embedding emb = new Embedding(7, 4, new Rng(5));
    Tensor x = ids(new int[] {1, 3, 1, 1, 6, 2, 2, 2, 0, 5, 0, 3}, 3, 4);
    PerExampleCheck.verify("embedding", emb, x, PerExampleCheck.weightedSumLoss(Shape.of(3, 4, 4), 6));
  }

  @Test
  void perExampleRank1Ids() {
    Embedding emb = new Embedding(5, 3, new Rng(7));
    Tensor x = ids(new int[] {4, 4, 0}, 3);
    PerExampleCheck.verify("embedding [B]", emb, x, PerExampleCheck.weightedSumLoss(Shape.of(3, 3), 8));
  }
}
