package org.probity.core.data.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class MotleyProtocolTest {

  private static Partition silos(int perSilo, int silos, int classes, long seed) {
    Dataset d = Fixtures.labelled(perSilo * silos, classes, seed);
    int[] col = new int[d.size()];
    for (int i = 0; i < col.length; i++) {
      col[i] = i % silos;
    }
    return new NaturalPartitioner().partition(d.withClients(col), new Rng(0));
  }

  private static void addAll(Set<Integer> seen, Dataset d) {
    for (int r : Fixtures.rowIds(d)) {
      assertTrue(seen.add(r), "row " + r + " appears twice");
    }
  }

  @Test
  void crossSiloIs70_15_15PerSiloDisjointAndStratified() {
    Partition p = silos(203, 4, 3, 11);
    CrossSiloSplit s = MotleyProtocol.crossSilo(p, new Rng(5));
    assertEquals(4, s.silos().size());
    Set<Integer> all = new HashSet<>();
    for (Map.Entry<Integer, ClientSplit> e : s.silos().entrySet()) {
      int c = e.getKey();
      ClientSplit cs = e.getValue();
      assertEquals(Math.round(203 * 0.15), cs.validation().size());
      assertEquals(Math.round(203 * 0.15), cs.test().size());
      assertEquals(203 - 2 * Math.round(203 * 0.15), cs.train().size());
      Set<Integer> mine = new HashSet<>();
      addAll(mine, cs.train());
      addAll(mine, cs.validation());
      addAll(mine, cs.test());
      Set<Integer> expected = new HashSet<>();
      for (int r : p.rows(c)) {
        expected.add(r);
      }
      assertEquals(expected, mine, "silo " + c + " rows");
      all.addAll(mine);
      int[] classCount = new int[3];
      for (int y : p.clientData(c).labels()) {
        classCount[y]++;
      }
      int[] testCount = new int[3];
      for (int y : cs.test().labels()) {
        testCount[y]++;
      }
      for (int y = 0; y < 3; y++) {
        assertTrue(Math.abs(testCount[y] - 0.15 * classCount[y]) <= 1.5,
            "class " + y + ": " + testCount[y] + " of " + classCount[y]);
      }
    }
    assertEquals(p.dataset().size(), all.size());
    // Deterministic by seed.
    CrossSiloSplit again = MotleyProtocol.crossSilo(p, new Rng(5));
    assertEquals(Fixtures.rowIds(s.silos().get(2).test()).length, again.silos().get(2).test().size());
    assertTrue(java.util.Arrays.equals(Fixtures.rowIds(s.silos().get(2).test()),
        Fixtures.rowIds(again.silos().get(2).test())));
  }

  @Test
  void crossSiloRejectsTinySiloNamingIt() {
    Partition p = silos(3, 3, 2, 1); // round(3 * 0.15) = 0 rows of validation
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MotleyProtocol.crossSilo(p, new Rng(0)));
    assertTrue(e.getMessage().contains("silo 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MotleyProtocol.crossSilo(p, 0.5, 0.5, new Rng(0)));
    assertThrows(IllegalArgumentException.class, () -> MotleyProtocol.crossSilo(p, 0, 0.2, new Rng(0)));
  }

  @Test
  void crossDeviceClientSetsAreDisjointAndPersonalSplitsExact() {
    Partition p = new IidPartitioner(20).partition(Fixtures.labelled(1000, 5, 3), new Rng(1));
    CrossDeviceSplit s = MotleyProtocol.crossDevice(p, 0.6, 0.2, 0.5, new Rng(2));
    assertEquals(12, s.trainClients().size());
    assertEquals(4, s.validationClients().size());
    assertEquals(4, s.testClients().size());
    Set<Integer> clients = new HashSet<>(s.trainClients().keySet());
    clients.addAll(s.validationClients().keySet());
    clients.addAll(s.testClients().keySet());
    assertEquals(20, clients.size(), "client sets overlap");
    Set<Integer> rows = new HashSet<>();
    for (Dataset d : s.trainClients().values()) {
      addAll(rows, d);
    }
    for (Map<Integer, PersonalSplit> m : java.util.List.of(s.validationClients(), s.testClients())) {
      for (Map.Entry<Integer, PersonalSplit> e : m.entrySet()) {
        int n = p.size(e.getKey());
        assertEquals(Math.round(n * 0.5), e.getValue().evaluation().size());
        assertEquals(n - Math.round(n * 0.5), e.getValue().personalization().size());
        addAll(rows, e.getValue().personalization());
        addAll(rows, e.getValue().evaluation());
      }
    }
    assertEquals(1000, rows.size());
    CrossDeviceSplit again = MotleyProtocol.crossDevice(p, 0.6, 0.2, 0.5, new Rng(2));
    assertEquals(s.testClients().keySet(), again.testClients().keySet());
    CrossDeviceSplit other = MotleyProtocol.crossDevice(p, 0.6, 0.2, 0.5, new Rng(3));
    assertTrue(!s.testClients().keySet().equals(other.testClients().keySet())
        || !s.validationClients().keySet().equals(other.validationClients().keySet()));
  }

  @Test
  void crossDeviceDropsUnsplittableClientsWithWarningAndValidatesFractions() {
    Partition p = Partition.of(Fixtures.labelled(9, 2, 0), "manual",
        new int[][] {{0}, {1, 2}, {3, 4}, {5, 6, 7, 8}}, new int[] {10, 11, 12, 13}, java.util.List.of());
    CrossDeviceSplit s = MotleyProtocol.crossDevice(p, 0, 0.5, 0.5, new Rng(0));
    int kept = s.validationClients().size() + s.testClients().size();
    // No train clients, so the one-row client 10 is a validation or test client and must be dropped.
    assertEquals(3, kept);
    assertEquals(1, s.warnings().size());
    assertTrue(s.warnings().get(0).contains("client 10 has 1 row"), s.warnings().toString());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MotleyProtocol.crossDevice(p, 0.7, 0.5, 0.5, new Rng(0)));
    assertTrue(e.getMessage().contains("exceeds 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MotleyProtocol.crossDevice(p, 0.5, 0.2, 1.0, new Rng(0)));
    assertThrows(IllegalArgumentException.class, () -> MotleyProtocol.crossDevice(p, -0.1, 0.2, 0.5, new Rng(0)));
    e = assertThrows(IllegalArgumentException.class, () -> MotleyProtocol.crossDevice(p, 0.9, 0.05, 0.5, new Rng(0)));
    assertTrue(e.getMessage().contains("validation"), e.getMessage());
  }
}
