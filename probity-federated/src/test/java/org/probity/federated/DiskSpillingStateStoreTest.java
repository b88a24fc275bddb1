package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.nn.Params;

class DiskSpillingStateStoreTest {
  @TempDir
  Path tmp;

  private static Params params(int seed) {
    float[] v = new float[7];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.intBitsToFloat(0x3f800000 + seed * 131 + i * 7919) * (i % 2 == 0 ? 1 : -1);
    }
    return Fixtures.constant(0, 7).unflatten(org.probity.tensor.Tensor.wrap(v, org.probity.tensor.Shape.of(7)));
  }

  @Test
  void statesBeyondTheCapRoundTripBitForBit() throws java.io.IOException {
    try (DiskSpillingStateStore s = new DiskSpillingStateStore(3, tmp)) {
      for (int id = 0; id < 10; id++) {
        s.put(id, params(id));
      }
      s.put(10, "note");
      s.put(11, new double[] {1.5, -0.0, Double.MIN_VALUE});
      s.put(12, 42L);
      assertEquals(13, s.size());
      assertEquals(3, s.inMemory());
      assertEquals(10, s.spilled());
      try (var files = Files.list(s.folder())) {
        assertEquals(10, files.count(), "one file per spilled state");
      }
      for (int id = 0; id < 10; id++) {
        Params p = (Params) s.get(id).orElseThrow();
        assertEquals(List.of("w"), p.names());
        assertArrayEquals(params(id).flatten().data(), p.flatten().data());
        assertTrue(s.inMemory() <= 3);
      }
      assertEquals("note", s.get(10).orElseThrow());
      assertArrayEquals(new double[] {1.5, -0.0, Double.MIN_VALUE}, (double[]) s.get(11).orElseThrow());
      assertEquals(42L, s.get(12).orElseThrow());
      assertEquals(Optional.empty(), s.get(99));
      assertEquals(13, s.size());
      assertTrue(s.loads() >= 10);
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedState() {
    try (DiskSpillingStateStore s = new DiskSpillingStateStore(2, tmp)) {
      s.put(1, 1);
      s.put(2, 2);
      s.get(1);                       // 2 is now the least recently used
      s.put(3, 3);                    // so 2 goes to disk
      assertEquals(List.of(1, 3), s.memoryOrder());
      assertEquals(1, s.spilled());
      assertEquals(2, s.get(2).orElseThrow()); // back in memory, pushes out 1
      assertEquals(List.of(3, 2), s.memoryOrder());
      s.put(3, 30);                   // overwrite refreshes 3
      assertEquals(List.of(2, 3), s.memoryOrder());
      s.put(1, 10);                   // the spilled 1 is replaced, its old file removed; 2 leaves
      assertEquals(List.of(3, 1), s.memoryOrder());
      assertEquals(10, s.get(1).orElseThrow());
      assertEquals(3, s.size());
    }
  }

  @Test
  void refusesUnsupportedAndNullValues() {
    try (DiskSpillingStateStore s = new DiskSpillingStateStore(2, tmp)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.put(5, new Object()));
      assertTrue(e.getMessage().contains("client 5") && e.getMessage().contains("java.lang.Object"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> s.put(5, List.of(1)));
      assertThrows(IllegalArgumentException.class, () -> s.put(5, null));
      assertThrows(IllegalArgumentException.class, () -> new DiskSpillingStateStore(-1, tmp));
    }
  }

  @Test
  void closeDeletesTheFolder() {
    DiskSpillingStateStore s = new DiskSpillingStateStore(1, tmp);
    for (int id = 0; id < 5; id++) {
      s.put(id, params(id));
    }
    Path folder = s.folder();
    assertTrue(Files.isDirectory(folder));
    s.close();
    assertFalse(Files.exists(folder));
    assertThrows(IllegalStateException.class, () -> s.get(0));
    s.close();
  }

  private record Run(FederationResult result, Map<Integer, float[]> states) {}

  private static Run ditto(ClientStateStore store, int threads) {
    ModelSpec spec = ModelSpec.softmax();
    Map<Integer, ClientData> clients = Fixtures.synthetic(6, 60, 7);
    Params init = Fixtures.initial(spec, clients, 4);
    try (InProcessBackend b = new InProcessBackend(threads)) {
      Federation f = new Federation(clients, new SupervisedClient(spec, 1, 10, Optimizers.sgd(0.05)), b, store, 21);
      FederationResult r = f.run(new Ditto(ClientSampler.fixedCount(3), 0.5), init, 4);
      Map<Integer, float[]> states = new java.util.TreeMap<>();
      for (int id : clients.keySet()) {
        store.get(id).ifPresent(o -> states.put(id, ((Params) o).flatten().data()));
      }
      return new Run(r, states);
    }
  }

  @Test
  void federationResultsAreBitIdenticalToTheInMemoryStore() {
    Run ref = ditto(new InMemoryStateStore(), 2);
    try (DiskSpillingStateStore s = new DiskSpillingStateStore(2, tmp)) {
      Run spilled = ditto(s, 2);
      assertTrue(s.spills() > 0, "the cap of 2 must have forced spills");
      assertArrayEquals(ref.result().global().flatten().data(), spilled.result().global().flatten().data());
      assertEquals(ref.result().rounds(), spilled.result().rounds());
      assertEquals(ref.result().finalClientMetrics(), spilled.result().finalClientMetrics());
      assertEquals(ref.states().keySet(), spilled.states().keySet());
      assertFalse(ref.states().isEmpty());
      for (int id : ref.states().keySet()) {
        assertArrayEquals(ref.states().get(id), spilled.states().get(id), "client " + id);
      }
    }
  }
}
