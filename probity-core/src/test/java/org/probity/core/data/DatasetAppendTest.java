package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class DatasetAppendTest {
  private static Dataset rows(String name, float start, int n, int label) {
    float[] x = new float[n * 2];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = start + i;
    }
    java.util.Arrays.fill(y, label);
    return Dataset.classification(name, Tensor.wrap(x, Shape.of(n, 2)), y, 3);
  }

  @Test
  void appendKeepsRowsInOrderWithTheirLabelsAndClients() {
    Dataset a = rows("a", 0, 2, 1).withClients(new int[] {4, 5});
    Dataset b = rows("b", 100, 1, 2).withClients(new int[] {7});
    Dataset c = a.append(b);
    assertEquals(3, c.size());
    assertArrayEquals(new float[] {0, 1, 2, 3, 100, 101}, c.features().data());
    assertArrayEquals(new int[] {1, 1, 2}, c.labels());
    assertArrayEquals(new int[] {4, 5, 7}, c.clients());
    assertNull(c.groups());
    assertEquals(3, c.numClasses());
  }

  @Test
  void appendRefusesMixedOwnershipShapesAndTasks() {
    Dataset a = rows("a", 0, 2, 1).withClients(new int[] {0, 1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.append(rows("b", 0, 1, 0)));
    assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'"), e.getMessage());
    Dataset wide = Dataset.classification("wide", Tensor.wrap(new float[3], Shape.of(1, 3)), new int[] {0}, 3);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> rows("a", 0, 1, 0).append(wide)).getMessage()
        .contains("shape"));
    Dataset four = Dataset.classification("four", Tensor.wrap(new float[2], Shape.of(1, 2)), new int[] {0}, 4);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> rows("a", 0, 1, 0).append(four)).getMessage()
        .contains("4 classes"));
  }
}
