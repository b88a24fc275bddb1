package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.partition.Partition;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** Settings and data a federation cannot use fail or warn naming the client, cluster count or round. */
class BadInputTest {
  private static Dataset rows(int n) {
    float[] x = new float[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 2;
    }
    return Dataset.classification("rows", Tensor.wrap(x, Shape.of(n, 1)), y, 2);
  }

  @Test
  void ifcaWithMoreClustersThanClientsFailsBeforeAnyTraining() {
    Set<Integer> called = new ConcurrentSkipListSet<>();
    List<Params> models = new ArrayList<>();
    for (int j = 0; j < 5; j++) {
      models.add(Fixtures.constant(j, 2));
    }
    try (InProcessBackend b = new InProcessBackend(1)) {
      Federation f = new Federation(Fixtures.dummyClients(3), Fixtures.constantClient(-1, called), b, 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> f.run(new Ifca(ClientSampler.all(), 5), Ifca.stack(models), 2));
      assertTrue(e.getMessage().contains("5 clusters but only 3 clients"), e.getMessage());
    }
    assertTrue(called.isEmpty(), "no client may train before the check: " + called);
    new Ifca(ClientSampler.all(), 3).checkPool(new int[] {0, 1, 2});
  }

  @Test
  void clientsLeftEmptyOrTooSmallAreDroppedWithAWarningNamingThem() {
    Dataset data = rows(10);
    Partition p = Partition.of(data, "explicit", new int[][] {{0, 1, 2, 3, 4}, {}, {5, 6, 7, 8}, {9}},
        new int[] {3, 7, 11, 12}, List.of());
    FederatedClients fc = FederatedData.split(p, 0.25, 0, new Rng(1));
    assertEquals(Set.of(3, 11), fc.clients().keySet());
    assertEquals(2, fc.warnings().size(), fc.warnings().toString());
    assertTrue(fc.warnings().get(0).contains("client 7 got no rows and was dropped"), fc.warnings().get(0));
    assertTrue(fc.warnings().get(1).contains("client 12 has 1 row,") && fc.warnings().get(1).contains("dropped"),
        fc.warnings().get(1));
    ClientData c3 = fc.clients().get(3);
    assertEquals(4, c3.train().size());
    assertEquals(1, c3.test().size());

    // With a validation split, client 11's 4 rows give train 2, validation 1, test 1; client 3's 5 likewise.
    FederatedClients withVal = FederatedData.split(p, 0.25, 0.34, new Rng(1));
    assertEquals(1, withVal.clients().get(11).validation().size());
    assertEquals(2, withVal.clients().get(11).train().size());
  }

  @Test
  void naturalPartitionsLogTheDroppedClient() {
    Dataset data = rows(9).withClients(new int[] {4, 4, 4, 4, 4, 8, 8, 8, 6});
    Map<Integer, ClientData> clients;
    try (LogCapture log = new LogCapture(FederatedData.class)) {
      clients = FederatedData.byClient(data, 0.25, 0, new Rng(2));
      assertTrue(log.messages().stream().anyMatch(m -> m.startsWith("WARNING") && m.contains("client 6 has 1 row")),
          log.messages().toString());
    }
    assertEquals(Set.of(4, 8), clients.keySet());
  }

  @Test
  void aPartitionWithNoUsableClientFailsNamingIt() {
    Partition p = Partition.of(rows(2), "tiny", new int[][] {{0}, {1}}, new int[] {0, 1}, List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FederatedData.split(p, 0.5, 0, new Rng(1)));
    assertTrue(e.getMessage().contains("leaves no client") && e.getMessage().contains("client 1 has 1 row"),
        e.getMessage());
  }
}
