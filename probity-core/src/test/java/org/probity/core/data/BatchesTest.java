package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class BatchesTest {
  /** Row i has feature value i and label i % 3, so a batch reveals which rows it holds. */
  private static Dataset rows(int n) {
    float[] x = new float[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 3;
    }
    return Dataset.classification("rows", Tensor.wrap(x, Shape.of(n, 1)), y, 3);
  }

  @Test
  void everyRowOncePerEpochWithASmallerLastBatch() {
    Dataset d = rows(10);
    Batches b = Batches.shuffled(d, 4, false, new Rng(1));
    assertEquals(3, b.count());
    List<Integer> seen = new ArrayList<>();
    int[] sizes = new int[3];
    int k = 0;
    for (Batch batch : b) {
      sizes[k++] = batch.size();
      for (int i = 0; i < batch.size(); i++) {
        int row = (int) batch.x().data()[i];
        assertEquals(batch.indices()[i], row);
        assertEquals(row % 3, batch.labels()[i]);
        seen.add(row);
      }
    }
    assertArrayEquals(new int[] {4, 4, 2}, sizes);
    int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
  }

  @Test
  void dropLastDropsThePartialBatch() {
    Batches b = Batches.shuffled(rows(10), 4, true, new Rng(1));
    assertEquals(2, b.count());
    for (Batch batch : b) {
      assertEquals(4, batch.size());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.shuffled(rows(10), 11, true, new Rng(1)));
    assertTrue(e.getMessage().contains("batch size 11 is larger than the 10 examples of 'rows'"), e.getMessage());
    assertEquals(1, Batches.shuffled(rows(10), 11, false, new Rng(1)).count());
  }

  @Test
  void sameSeedSameOrderDifferentSeedDifferentOrder() {
    Dataset d = rows(50);
    assertArrayEquals(Batches.shuffled(d, 8, false, new Rng(7)).order(),
        Batches.shuffled(d, 8, false, new Rng(7)).order());
    assertFalse(Arrays.equals(Batches.shuffled(d, 8, false, new Rng(7)).order(),
        Batches.shuffled(d, 8, false, new Rng(8)).order()));
  }

  @Test
  void inOrderKeepsDatasetOrder() {
    Batches b = Batches.inOrder(rows(5), 2);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, b.order());
    assertArrayEquals(new int[] {4}, b.indices(2));
  }

  @Test
  void iteratorGivesANewPermutationEachEpochAndResumesExactly() {
    Dataset d = rows(12);
    BatchIterator it = new BatchIterator(d, 4, false, new Rng(3));
    List<int[]> first = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      first.add(it.next().indices());
    }
    assertEquals(2, it.epoch());
    assertEquals(9, it.step());
    int[] epoch0 = concat(first.subList(0, 3));
    int[] epoch1 = concat(first.subList(3, 6));
    assertFalse(Arrays.equals(epoch0, epoch1));
    assertArrayEquals(sortedRange(12), Arrays.stream(epoch1).sorted().toArray());
    // Resuming at epoch 1, batch 2 continues exactly where the original stream was.
    BatchIterator resumed = new BatchIterator(d, 4, false, new Rng(3)).seek(1, 2);
    for (int i = 5; i < 9; i++) {
      assertArrayEquals(first.get(i), resumed.next().indices());
    }
  }

  private static int[] concat(List<int[]> parts) {
    return parts.stream().flatMapToInt(Arrays::stream).toArray();
  }

  private static int[] sortedRange(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  @Test
  void rejectsNonPositiveBatchSize() {
    assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(rows(3), 0));
  }
}
