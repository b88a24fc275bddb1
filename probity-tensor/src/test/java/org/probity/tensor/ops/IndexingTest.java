package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.probity.tensor.ops.Naive.assertSameTensor;
import static org.probity.tensor.ops.Naive.randn;
import static org.probity.tensor.ops.Naive.randomIndex;
import static org.probity.tensor.ops.Naive.unravel;

import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class IndexingTest {

  // ---------------------------------------------------------------- gather

  @Test
  void gatherMatchesNaiveLoops() {
    // {input shape, index shape, axis}: index larger on the axis (repeats), smaller elsewhere, ranks 1-4.
    Object[][] cases = {
        {new int[] {5}, new int[] {8}, 0},
        {new int[] {3, 4}, new int[] {3, 6}, 1},
        {new int[] {3, 4}, new int[] {2, 1}, -1},
        {new int[] {3, 4}, new int[] {5, 2}, 0},
        {new int[] {3, 4, 5}, new int[] {3, 6, 5}, 1},
        {new int[] {3, 4, 5}, new int[] {2, 2, 3}, 1},
        {new int[] {3, 4, 5}, new int[] {1, 4, 7}, -1},
        {new int[] {2, 3, 1, 4}, new int[] {2, 2, 1, 3}, 0},
        {new int[] {2, 3, 1, 4}, new int[] {2, 3, 2, 4}, 2},
        {new int[] {2, 3}, new int[] {0, 3}, 1},
    };
    long seed = 100;
    for (Object[] c : cases) {
      int[] ad = (int[]) c[0];
      Shape is = Shape.of((int[]) c[1]);
      int axis = (Integer) c[2];
      Tensor a = randn(seed++, ad);
      int[] index = randomIndex(seed++, is.size(), a.dim(axis));
      assertSameTensor(naiveGather(a, axis, index, is), a.gather(axis, index, is));
    }
  }

  @Test
  void gatherPicksOneEntryPerRowLikeCrossEntropy() {
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor picked = logits.gather(1, new int[] {2, 0}, Shape.of(2, 1));
    assertEquals(Shape.of(2, 1), picked.shape());
    assertArrayEquals(new float[] {3, 4}, picked.data());
  }

  @Test
  void gatherErrorsNameOpValueAxisAndShape() {
    Tensor a = randn(1, 3, 4, 5);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> a.gather(1, new int[] {0, 7}, Shape.of(1, 2, 1)));
    assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("index 7")
        && e.getMessage().contains("axis 1") && e.getMessage().contains("[3, 4, 5]"), e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> a.gather(-1, new int[] {-1}, Shape.of(1, 1, 1)));
    assertTrue(e.getMessage().contains("index -1") && e.getMessage().contains("axis 2"), e.getMessage());
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
        () -> a.gather(1, new int[] {0, 1}, Shape.of(2)));
    assertTrue(r.getMessage().contains("gather") && r.getMessage().contains("rank"), r.getMessage());
    r = assertThrows(IllegalArgumentException.class, () -> a.gather(1, new int[] {0, 1}, Shape.of(1, 3, 1)));
    assertTrue(r.getMessage().contains("2 entries") && r.getMessage().contains("[1, 3, 1]"), r.getMessage());
    r = assertThrows(IllegalArgumentException.class, () -> a.gather(1, new int[4], Shape.of(4, 1, 1)));
    assertTrue(r.getMessage().contains("[4, 1, 1]") && r.getMessage().contains("axis 0"), r.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.gather(3, new int[1], Shape.of(1, 1, 1)));
  }

  // ---------------------------------------------------------------- scatterAdd

  @Test
  void scatterAddMatchesNaiveLoops() {
    Object[][] cases = {
        {new int[] {5}, new int[] {9}, 0},
        {new int[] {3, 4}, new int[] {3, 6}, 1},
        {new int[] {3, 4}, new int[] {7, 2}, -2},
        {new int[] {3, 4, 5}, new int[] {2, 2, 3}, 2},
        {new int[] {2, 3, 1, 4}, new int[] {2, 3, 3, 4}, 2},
    };
    long seed = 200;
    for (Object[] c : cases) {
      Shape is = Shape.of((int[]) c[1]);
      int axis = (Integer) c[2];
      Tensor a = randn(seed++, (int[]) c[0]);
      Tensor src = randn(seed++, is.dims());
      int[] index = randomIndex(seed++, is.size(), a.dim(axis));
      assertSameTensor(naiveScatterAdd(a, axis, index, is, src), a.scatterAdd(axis, index, is, src));
    }
  }

  @Test
  void scatterAddLeavesItsInputUntouchedAndAccumulatesRepeats() {
    Tensor a = Tensor.vector(1, 2, 3);
    Tensor out = a.scatterAdd(0, new int[] {1, 1, 0}, Shape.of(3), Tensor.vector(10, 20, 30));
    assertArrayEquals(new float[] {31, 32, 3}, out.data());
    assertArrayEquals(new float[] {1, 2, 3}, a.data());
  }

  @Test
  void scatterAddErrors() {
    Tensor a = randn(2, 3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.scatterAdd(1, new int[] {0, 1}, Shape.of(1, 2), randn(3, 2, 1)));
    assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("[2, 1]")
        && e.getMessage().contains("[1, 2]"), e.getMessage());
    IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
        () -> a.scatterAdd(0, new int[] {3}, Shape.of(1, 1), randn(4, 1, 1)));
    assertTrue(o.getMessage().contains("scatterAdd") && o.getMessage().contains("index 3")
        && o.getMessage().contains("axis 0") && o.getMessage().contains("[3, 4]"), o.getMessage());
  }

  // ---------------------------------------------------------------- indexSelect

  @Test
  void indexSelectMatchesNaiveLoops() {
    int[][] shapes = {{6}, {5, 3}, {3, 4, 2}, {2, 3, 1, 4}};
    long seed = 300;
    for (int[] dims : shapes) {
      Tensor a = randn(seed++, dims);
      for (int axis = -dims.length; axis < dims.length; axis++) {
        for (int n : new int[] {0, 1, 7}) {
          int[] idx = randomIndex(seed++, n, a.dim(axis));
          assertSameTensor(naiveIndexSelect(a, axis, idx), a.indexSelect(axis, idx));
        }
      }
    }
  }

  @Test
  void indexSelectErrorsNameOpValueAxisAndShape() {
    Tensor a = randn(3, 5, 3);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> a.indexSelect(0, new int[] {1, 5}));
    assertTrue(e.getMessage().contains("indexSelect") && e.getMessage().contains("index 5")
        && e.getMessage().contains("axis 0") && e.getMessage().contains("[5, 3]"), e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> a.indexSelect(-1, new int[] {-1}));
    assertTrue(e.getMessage().contains("index -1") && e.getMessage().contains("axis 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.indexSelect(2, new int[] {0}));
  }

  @Test
  void indexSelectBackwardUsesTheIndicesOfTheForwardPass() {
    Tensor a = randn(4, 3, 2).requiresGrad(true);
    int[] idx = {2, 2, 0};
    try (Tape tape = Tape.start()) {
      Tensor y = a.indexSelect(0, idx);
      idx[0] = 1; // a caller reusing its batch buffer must not change the gradient
      tape.backward(Naive.sumAll(y));
    }
    assertArrayEquals(new float[] {1, 1, 0, 0, 2, 2}, a.grad().data());
  }

  // ---------------------------------------------------------------- oneHot

  @Test
  void oneHotRows() {
    Tensor t = Tensor.oneHot(new int[] {2, 0, 2}, 3);
    assertEquals(Shape.of(3, 3), t.shape());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 1}, t.data());
    assertEquals(Shape.of(0, 4), Tensor.oneHot(new int[0], 4).shape());
  }

  @Test
  void oneHotErrorsNameLabelAndClassCount() {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> Tensor.oneHot(new int[] {0, 4}, 4));
    assertTrue(e.getMessage().contains("oneHot") && e.getMessage().contains("label 4")
        && e.getMessage().contains("4 classes"), e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.oneHot(new int[] {-1}, 4));
    assertTrue(e.getMessage().contains("label -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(new int[] {0}, 0));
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gatherGradientsAccumulateOverRepeatedIndices() {
    Shape is = Shape.of(3, 6);
    int[] idx = randomIndex(400, is.size(), 4);
    GradCheck.verify("gather axis 1", in -> in[0].gather(1, idx, is), randn(401, 3, 4));
    GradCheck.verify("gather rank1", in -> in[0].gather(0, new int[] {1, 1, 1, 0}, Shape.of(4)), randn(402, 3));
    Shape is3 = Shape.of(2, 2, 3);
    int[] idx3 = randomIndex(403, is3.size(), 5);
    GradCheck.verify("gather rank3 negative axis", in -> in[0].gather(-1, idx3, is3), randn(404, 3, 2, 5));
    Shape is4 = Shape.of(2, 4, 1, 2);
    int[] idx4 = randomIndex(405, is4.size(), 2);
    GradCheck.verify("gather rank4", in -> in[0].gather(1, idx4, is4), randn(406, 2, 2, 1, 3));
  }

  @Test
  void scatterAddGradientsReachBothInputs() {
    Shape is = Shape.of(3, 5);
    int[] idx = randomIndex(410, is.size(), 4);
    GradCheck.verify("scatterAdd axis 1", in -> in[0].scatterAdd(1, idx, is, in[1]), randn(411, 3, 4),
        randn(412, 3, 5));
    GradCheck.verify("scatterAdd rank1 repeats", in -> in[0].scatterAdd(0, new int[] {2, 2, 0}, Shape.of(3), in[1]),
        randn(413, 3), randn(414, 3));
    Shape is4 = Shape.of(1, 2, 3, 2);
    int[] idx4 = randomIndex(415, is4.size(), 2);
    GradCheck.verify("scatterAdd rank4 negative axis", in -> in[0].scatterAdd(-3, idx4, is4, in[1]),
        randn(416, 2, 2, 3, 2), randn(417, 1, 2, 3, 2));
  }

  @Test
  void indexSelectGradientsScatterAddRows() {
    GradCheck.verify("indexSelect axis 0 repeats", in -> in[0].indexSelect(0, new int[] {3, 0, 3, 3, 1}),
        randn(420, 4, 3));
    GradCheck.verify("indexSelect rank1", in -> in[0].indexSelect(0, new int[] {1, 1}), randn(421, 3));
    GradCheck.verify("indexSelect axis -1", in -> in[0].indexSelect(-1, new int[] {0, 2, 0}), randn(422, 2, 2, 3));
    GradCheck.verify("indexSelect rank4 size-one", in -> in[0].indexSelect(2, new int[] {0, 0}),
        randn(423, 2, 1, 1, 3));
  }

  @Test
  void gradientsFlowThroughIndexingComposedWithViews() {
    int[] idx = randomIndex(430, 2 * 3 * 2, 5);
    GradCheck.verify("indexSelect-transpose-gather-reshape",
        in -> in[0].indexSelect(0, new int[] {1, 0, 1}).transpose(0, 1).gather(2, idx, Shape.of(2, 3, 2)).reshape(-1),
        randn(431, 2, 2, 5));
    GradCheck.verify("slice-scatterAdd-concat",
        in -> Tensor.concat(0, in[0].slice(0, 0, 2).scatterAdd(1, new int[] {0, 0, 2, 2}, Shape.of(2, 2), in[1]), in[0]),
        randn(432, 3, 3), randn(433, 2, 2));
  }

  // ---------------------------------------------------------------- references

  private static Tensor naiveGather(Tensor a, int axis, int[] index, Shape is) {
    int ax = axis < 0 ? axis + a.rank() : axis;
    float[] d = new float[is.size()];
    for (int p = 0; p < d.length; p++) {
      int[] c = unravel(p, is.dims());
      c[ax] = index[p];
      d[p] = a.get(c);
    }
    return Tensor.wrap(d, is);
  }

  private static Tensor naiveScatterAdd(Tensor a, int axis, int[] index, Shape is, Tensor src) {
    int ax = axis < 0 ? axis + a.rank() : axis;
    int[] strides = a.shape().strides();
    float[] d = a.toArray();
    for (int p = 0; p < is.size(); p++) {
      int[] c = unravel(p, is.dims());
      c[ax] = index[p];
      int off = 0;
      for (int i = 0; i < c.length; i++) {
        off += c[i] * strides[i];
      }
      d[off] += src.data()[p];
    }
    return Tensor.wrap(d, a.shape());
  }

  private static Tensor naiveIndexSelect(Tensor a, int axis, int[] idx) {
    int ax = axis < 0 ? axis + a.rank() : axis;
    Shape os = a.shape().with(ax, idx.length);
    float[] d = new float[os.size()];
    for (int q = 0; q < d.length; q++) {
      int[] c = unravel(q, os.dims());
      c[ax] = idx[c[ax]];
      d[q] = a.get(c);
    }
    return Tensor.wrap(d, os);
  }
}
