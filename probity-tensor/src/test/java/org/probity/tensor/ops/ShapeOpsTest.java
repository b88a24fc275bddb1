package org.probity.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.probity.tensor.ops.Naive.assertSameTensor;
import static org.probity.tensor.ops.Naive.randn;
import static org.probity.tensor.ops.Naive.unravel;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.GradCheck;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class ShapeOpsTest {

  // ---------------------------------------------------------------- reshape family

  @Test
  void reshapeKeepsRowMajorOrderAndInfersOneDimension() {
    Tensor x = randn(1, 2, 3, 4);
    Tensor y = x.reshape(4, -1);
    assertEquals(Shape.of(4, 6), y.shape());
    assertArrayEquals(x.data(), y.data());
    assertEquals(Shape.of(24), x.reshape(-1).shape());
    assertEquals(Shape.of(2, 12), x.reshape(2, -1).shape());
    assertEquals(Shape.scalar(), Tensor.vector(5f).reshape().shape());
    assertEquals(Shape.of(0, 3), Tensor.zeros(0, 3).reshape(-1, 3).shape());
  }

  @Test
  void reshapeSharesTheDataArray() {
    // Documented in ShapeOps.relabel: tensors are immutable, so views need no copy.
    Tensor x = randn(2, 2, 3);
    assertSame(x.data(), x.reshape(3, 2).data());
    assertSame(x.data(), x.unsqueeze(0).data());
    assertSame(x.data(), x.flatten(0).data());
  }

  @Test
  void reshapeErrorsNameBothShapes() {
    Tensor x = randn(3, 2, 3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(5, 5));
    assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains("[2, 3, 4]")
        && e.getMessage().contains("[5, 5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
    assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[5, -1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
    assertTrue(e.getMessage().contains("[-1, -1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.reshape(-2, 12));
  }

  @Test
  void squeezeUnsqueezeFlattenShapes() {
    Tensor x = randn(4, 2, 1, 3);
    assertEquals(Shape.of(2, 3), x.squeeze(1).shape());
    assertEquals(Shape.of(2, 3), x.squeeze(-2).shape());
    assertEquals(Shape.of(1, 2, 1, 3), x.unsqueeze(0).shape());
    assertEquals(Shape.of(2, 1, 3, 1), x.unsqueeze(3).shape());
    assertEquals(Shape.of(2, 1, 3, 1), x.unsqueeze(-1).shape());
    assertEquals(Shape.of(2, 1, 1, 3), x.unsqueeze(-3).shape());
    assertEquals(Shape.of(6), x.flatten(0).shape());
    assertEquals(Shape.of(2, 3), x.flatten(1).shape());
    assertEquals(Shape.of(2, 1, 3), x.flatten(-1).shape());
    assertEquals(Shape.of(1), Tensor.scalar(3f).flatten(0).shape());
    assertEquals(Shape.of(1), Tensor.vector(3f).squeeze(0).unsqueeze(0).shape());
  }

  @Test
  void squeezeUnsqueezeFlattenErrors() {
    Tensor x = randn(4, 2, 1, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
    assertTrue(e.getMessage().contains("squeeze") && e.getMessage().contains("[2, 1, 3]")
        && e.getMessage().contains("size 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> x.squeeze(3));
    assertTrue(e.getMessage().contains("squeeze: axis 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> x.unsqueeze(4));
    assertTrue(e.getMessage().contains("unsqueeze: axis 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.unsqueeze(-5));
    assertThrows(IllegalArgumentException.class, () -> x.flatten(3));
  }

  // ---------------------------------------------------------------- transpose and permute

  @Test
  void transposeMatchesNaiveLoops() {
    int[][] shapes = {{5}, {3, 4}, {40, 37}, {3, 33, 70}, {2, 3, 4, 5}, {2, 1, 3, 1}, {0, 3}};
    for (int[] dims : shapes) {
      Tensor x = randn(dims.length, dims);
      int r = dims.length;
      for (int i = -r; i < r; i++) {
        for (int j = -r; j < r; j++) {
          int[] order = new int[r];
          for (int k = 0; k < r; k++) {
            order[k] = k;
          }
          int a = (i + r) % r;
          int b = (j + r) % r;
          order[a] = b;
          order[b] = a;
          assertSameTensor(Naive.permute(x, order), x.transpose(i, j));
        }
      }
    }
    Tensor m = randn(9, 3, 5);
    assertSameTensor(Naive.permute(m, new int[] {1, 0}), m.t());
  }

  @Test
  void everyPermutationOfRankFourMatchesNaiveLoops() {
    int[][] shapes = {{2, 3, 4, 5}, {2, 1, 3, 4}, {1, 1, 3, 1}, {3, 4, 1, 2}};
    for (int[] dims : shapes) {
      Tensor x = randn(17, dims);
      for (int[] order : permutations(4)) {
        assertSameTensor(Naive.permute(x, order), x.permute(order));
      }
    }
    // Rank 5 with size-one axes in the middle, so axis merging has something to do.
    Tensor y = randn(18, 2, 3, 1, 4, 2);
    for (int[] order : permutations(5)) {
      assertSameTensor(Naive.permute(y, order), y.permute(order));
    }
    // Negative entries count from the end.
    assertSameTensor(Naive.permute(y, new int[] {4, 0, 2, 1, 3}), y.permute(-1, 0, 2, -4, 3));
  }

  @Test
  void permuteRejectsOrdersThatAreNotPermutations() {
    Tensor x = randn(4, 2, 3, 4);
    for (int[] bad : new int[][] {{0, 0, 1}, {0, 1}, {0, 1, 2, 3}, {0, 1, 3}, {0, 1, -4}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.permute(bad));
      assertTrue(e.getMessage().contains("permute") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.transpose(0, 3));
    assertTrue(e.getMessage().contains("transpose: axis 3"), e.getMessage());
  }

  // ---------------------------------------------------------------- slice

  @Test
  void sliceMatchesNaiveLoops() {
    int[][] shapes = {{7}, {4, 5}, {3, 4, 5}, {2, 3, 1, 4}};
    for (int[] dims : shapes) {
      Tensor x = randn(5, dims);
      for (int ax = 0; ax < dims.length; ax++) {
        int n = dims[ax];
        for (int start = 0; start <= n; start++) {
          for (int end = start; end <= n; end++) {
            assertSameTensor(naiveSlice(x, ax, start, end), x.slice(ax, start, end));
          }
        }
      }
    }
  }

  @Test
  void sliceCountsNegativeBoundsFromTheEnd() {
    Tensor x = randn(6, 3, 5);
    assertSameTensor(naiveSlice(x, 1, 1, 4), x.slice(-1, -4, -1));
    assertSameTensor(naiveSlice(x, 0, 2, 3), x.slice(0, -1, 3));
    assertSameTensor(naiveSlice(x, 1, 0, 5), x.slice(1, -5, 5));
  }

  @Test
  void sliceErrorsNameRangeAxisAndShape() {
    Tensor x = randn(7, 3, 5);
    for (int[] bad : new int[][] {{3, 2}, {0, 6}, {-6, 2}, {4, -2}}) {
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.slice(1, bad[0], bad[1]));
      assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("[" + bad[0] + ", " + bad[1] + ")")
          && e.getMessage().contains("axis 1") && e.getMessage().contains("[3, 5]"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> x.slice(2, 0, 1));
  }

  // ---------------------------------------------------------------- concat and stack

  @Test
  void concatMatchesNaiveLoops() {
    for (int ax = 0; ax < 3; ax++) {
      int[] d0 = {2, 3, 4};
      int[] d1 = d0.clone();
      int[] d2 = d0.clone();
      d1[ax] = 1;
      d2[ax] = 0;
      int[] d3 = d0.clone();
      d3[ax] = 2;
      Tensor[] parts = {randn(10, d0), randn(11, d1), randn(12, d2), randn(13, d3)};
      Tensor expected = naiveConcat(ax, parts);
      assertSameTensor(expected, Tensor.concat(ax, parts));
      assertSameTensor(expected, Tensor.concat(ax - 3, parts));
    }
    Tensor one = randn(14, 2, 2);
    assertSameTensor(one, Tensor.concat(1, one));
  }

  @Test
  void concatErrorsNameOpPartAndShapes() {
    Tensor a = randn(1, 2, 3);
    Tensor b = randn(2, 2, 4);
    Tensor c = randn(3, 3, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(1, a, b, c));
    assertTrue(e.getMessage().contains("concat") && e.getMessage().contains("part 2")
        && e.getMessage().contains("[3, 3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, a, randn(4, 2, 3, 1)));
    assertTrue(e.getMessage().contains("part 1") && e.getMessage().contains("[2, 3, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0));
    assertThrows(IllegalArgumentException.class, () -> Tensor.concat(2, a, a));
  }

  @Test
  void stackMatchesNaiveLoops() {
    Tensor[] parts = {randn(20, 2, 3), randn(21, 2, 3), randn(22, 2, 3)};
    for (int ax = -3; ax <= 2; ax++) {
      int pos = ax < 0 ? ax + 3 : ax;
      Tensor s = Tensor.stack(ax, parts);
      int[] dims = s.shape().dims();
      assertEquals(3, dims[pos]);
      for (int q = 0; q < s.size(); q++) {
        int[] c = unravel(q, dims);
        int[] inner = new int[2];
        for (int i = 0, j = 0; i < 3; i++) {
          if (i != pos) {
            inner[j++] = c[i];
          }
        }
        assertEquals(parts[c[pos]].get(inner), s.data()[q]);
      }
    }
    Tensor scalars = Tensor.stack(0, Tensor.scalar(1f), Tensor.scalar(2f));
    assertSameTensor(Tensor.vector(1f, 2f), scalars);
  }

  @Test
  void stackErrorsNameOpPartAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.stack(0, randn(1, 2, 3), randn(2, 2, 3), randn(3, 3, 2)));
    assertTrue(e.getMessage().contains("stack") && e.getMessage().contains("part 2")
        && e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(3, randn(1, 2, 3)));
    assertTrue(e.getMessage().contains("stack: axis 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.stack(0));
  }

  // ---------------------------------------------------------------- broadcastTo

  @Test
  void broadcastToMatchesNaiveLoops() {
    Tensor x = randn(30, 3, 1, 2);
    Shape target = Shape.of(2, 3, 4, 2);
    Tensor y = x.broadcastTo(target);
    assertEquals(target, y.shape());
    for (int q = 0; q < y.size(); q++) {
      int[] c = unravel(q, target.dims());
      assertEquals(x.get(c[1], 0, c[3]), y.data()[q]);
    }
    assertSameTensor(x, x.broadcastTo(x.shape()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(Shape.of(3, 4, 3)));
    assertTrue(e.getMessage().contains("broadcastTo") && e.getMessage().contains("[3, 1, 2]")
        && e.getMessage().contains("[3, 4, 3]"), e.getMessage());
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gradientsOfViewsMatchFiniteDifferences() {
    GradCheck.verify("reshape", in -> in[0].reshape(3, -1), randn(40, 2, 3, 2));
    GradCheck.verify("reshape rank1->4", in -> in[0].reshape(1, 2, 3, 2), randn(41, 12));
    GradCheck.verify("squeeze", in -> in[0].squeeze(-2), randn(42, 3, 1, 2));
    GradCheck.verify("unsqueeze", in -> in[0].unsqueeze(-1), randn(43, 3, 2));
    GradCheck.verify("flatten", in -> in[0].flatten(1), randn(44, 2, 3, 2, 2));
  }

  @Test
  void gradientsOfTransposeAndPermuteMatchFiniteDifferences() {
    GradCheck.verify("transpose rank2", in -> in[0].t(), randn(50, 3, 4));
    GradCheck.verify("transpose rank3 negative", in -> in[0].transpose(-3, -1), randn(51, 2, 3, 4));
    GradCheck.verify("transpose rank4 size-one", in -> in[0].transpose(1, 2), randn(52, 2, 1, 3, 2));
    GradCheck.verify("transpose rank1", in -> in[0].transpose(0, -1), randn(53, 5));
    GradCheck.verify("permute rank4", in -> in[0].permute(2, 0, 3, 1), randn(54, 2, 3, 2, 3));
    GradCheck.verify("permute rank3", in -> in[0].permute(1, 2, 0), randn(55, 2, 1, 4));
  }

  @Test
  void gradientsOfSliceConcatStackMatchFiniteDifferences() {
    GradCheck.verify("slice rank1", in -> in[0].slice(0, 1, 4), randn(60, 6));
    GradCheck.verify("slice rank2 negative", in -> in[0].slice(-1, -3, -1), randn(61, 3, 4));
    GradCheck.verify("slice rank3", in -> in[0].slice(1, 1, 2), randn(62, 2, 3, 2));
    GradCheck.verify("slice rank4 size-one", in -> in[0].slice(2, 0, 1), randn(63, 2, 2, 1, 3));
    GradCheck.verify("concat", in -> Tensor.concat(1, in[0], in[1], in[2]), randn(64, 2, 1, 3), randn(65, 2, 2, 3),
        randn(66, 2, 3, 3));
    GradCheck.verify("concat same tensor twice", in -> Tensor.concat(-1, in[0], in[1], in[0]), randn(67, 2, 3),
        randn(68, 2, 1));
    GradCheck.verify("stack", in -> Tensor.stack(1, in[0], in[1]), randn(69, 2, 3), randn(70, 2, 3));
    GradCheck.verify("stack last, repeated", in -> Tensor.stack(-1, in[0], in[0], in[1]), randn(71, 3), randn(72, 3));
    GradCheck.verify("broadcastTo", in -> in[0].broadcastTo(Shape.of(2, 3, 4)), randn(73, 3, 1));
    GradCheck.verify("broadcastTo rank4", in -> in[0].broadcastTo(Shape.of(2, 2, 3, 2)), randn(74, 2, 1, 3, 1));
  }

  @Test
  void gradientsFlowThroughComposedViews() {
    GradCheck.verify("slice-transpose-reshape",
        in -> in[0].slice(1, 1, 4).transpose(0, 2).reshape(-1, 2), randn(80, 2, 5, 3));
    GradCheck.verify("permute-slice-concat-with-self",
        in -> Tensor.concat(0, in[0].permute(1, 0, 2).slice(0, 0, 2), in[0].slice(0, 1, 3)), randn(81, 3, 3, 2));
    GradCheck.verify("stack-flatten-slice-unsqueeze",
        in -> Tensor.stack(0, in[0], in[1].t()).flatten(1).slice(-1, 2, 5).unsqueeze(1), randn(82, 2, 3),
        randn(83, 3, 2));
    GradCheck.verify("unsqueeze-broadcast-transpose",
        in -> in[0].unsqueeze(0).broadcastTo(Shape.of(3, 2, 4)).transpose(0, 1).reshape(2, 3, 4, 1).squeeze(3),
        randn(84, 2, 4));
  }

  @Test
  void onlyTrackedPartsReceiveGradients() {
    Tensor a = randn(90, 2, 2).requiresGrad(true);
    Tensor b = randn(91, 2, 1);
    try (Tape tape = Tape.start()) {
      tape.backward(Naive.sumAll(Tensor.concat(1, a, b, a)));
    }
    assertArrayEquals(new float[] {2, 2, 2, 2}, a.grad().data());
    assertNull(b.grad());
  }

  @Test
  void nothingIsRecordedWithoutGradients() {
    Tensor a = randn(92, 2, 3).requiresGrad(true);
    try (Tape tape = Tape.start()) {
      try (NoGrad ignored = NoGrad.enter()) {
        a.t().reshape(-1).slice(0, 1, 3);
        Tensor.concat(0, a, a);
      }
      assertEquals(0, tape.size());
      randn(93, 2).unsqueeze(0);
      assertEquals(0, tape.size());
      a.t().reshape(-1);
      assertEquals(2, tape.size());
    }
  }

  // ---------------------------------------------------------------- references

  private static Tensor naiveSlice(Tensor x, int ax, int start, int end) {
    int[] dims = x.shape().dims();
    int[] od = dims.clone();
    od[ax] = end - start;
    Shape os = Shape.of(od);
    float[] d = new float[os.size()];
    for (int q = 0; q < d.length; q++) {
      int[] c = unravel(q, od);
      c[ax] += start;
      d[q] = x.get(c);
    }
    return Tensor.wrap(d, os);
  }

  private static Tensor naiveConcat(int ax, Tensor[] parts) {
    int[] od = parts[0].shape().dims();
    od[ax] = 0;
    for (Tensor p : parts) {
      od[ax] += p.dim(ax);
    }
    Shape os = Shape.of(od);
    float[] d = new float[os.size()];
    for (int q = 0; q < d.length; q++) {
      int[] c = unravel(q, od);
      int k = 0;
      while (c[ax] >= parts[k].dim(ax)) {
        c[ax] -= parts[k].dim(ax);
        k++;
      }
      d[q] = parts[k].get(c);
    }
    return Tensor.wrap(d, os);
  }

  private static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
    if (k == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int i = 0; i < cur.length; i++) {
      if (!used[i]) {
        used[i] = true;
        cur[k] = i;
        permute(cur, used, k + 1, out);
        used[i] = false;
      }
    }
  }
}
