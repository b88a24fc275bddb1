package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.data.Dataset;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * A thousand clients with personal models (Ditto) through a {@link DiskSpillingStateStore} whose
 * heap budget is 5% of them: the heap never holds more states than the budget, every state lives
 * in exactly one place (no stale or temporary files), and the personal models after the run equal
 * those of an in-memory run with the same seed bit for bit, so spilling is invisible to results.
 * Not a timing test: it only counts states and files. Tagged slow because its thousands of spills
 * and loads take over ten seconds on a shared two-core machine.
 */
@Tag("slow")
class ThousandClientsTest {
  private static final int CLIENTS = 1000;
  private static final int BUDGET = 50;
  private static final int ROUNDS = 2;
  private static final ModelSpec SPEC = ModelSpec.softmax();

  @TempDir
  Path tmp;

  /** Eight rows of four Gaussian features per client; the label depends on a client-specific shift. */
  private static Map<Integer, ClientData> clients() {
    Map<Integer, ClientData> out = new TreeMap<>();
    Rng root = new Rng(5);
    for (int c = 0; c < CLIENTS; c++) {
      Rng r = root.derive(c);
      double shift = r.nextGaussian();
      out.put(c, new ClientData(rows(r.derive("train"), 6, shift, c), null, rows(r.derive("test"), 2, shift, c)));
    }
    return out;
  }

  private static Dataset rows(Rng r, int n, double shift, int client) {
    float[] x = new float[n * 4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) r.nextGaussian();
      }
      y[i] = x[i * 4] + shift > 0 ? 1 : 0;
    }
    return Dataset.classification("client-" + client, Tensor.wrap(x, Shape.of(n, 4)), y, 2);
  }

  /** Delegates to a store and records the largest number of states it ever held on the heap. */
  private static final class Watched implements ClientStateStore {
    private final DiskSpillingStateStore inner;
    private final AtomicInteger maxResident = new AtomicInteger();

    Watched(DiskSpillingStateStore inner) {
      this.inner = inner;
    }

    private void watch() {
      maxResident.accumulateAndGet(inner.inMemory(), Math::max);
    }

    @Override
    public Optional<Object> get(int clientId) {
      Optional<Object> v = inner.get(clientId);
      watch();
      return v;
    }

    @Override
    public void put(int clientId, Object state) {
      inner.put(clientId, state);
      watch();
    }

    @Override
    public int size() {
      return inner.size();
    }
  }

  private static FederationResult run(Map<Integer, ClientData> clients, ClientStateStore store) {
    Params init = Models.build(SPEC, clients.get(0).train(), new Rng(4)).params();
    try (InProcessBackend b = new InProcessBackend(2)) {
      return new Federation(clients, new SupervisedClient(SPEC, 1, 4, Optimizers.sgd(0.1)), b, store, 31)
          .run(new Ditto(ClientSampler.all(), 0.5), init, ROUNDS);
    }
  }

  private static long files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.count();
    }
  }

  @Test
  void personalModelsOfAThousandClientsSpillWithinTheBudgetAndRoundTripExactly() throws IOException {
    Map<Integer, ClientData> clients = clients();
    InMemoryStateStore reference = new InMemoryStateStore();
    FederationResult ref = run(clients, reference);
    assertEquals(CLIENTS, reference.size());

    Path folder;
    try (DiskSpillingStateStore disk = new DiskSpillingStateStore(BUDGET, tmp)) {
      folder = disk.folder();
      Watched watched = new Watched(disk);
      FederationResult spilled = run(clients, watched);

      assertTrue(watched.maxResident.get() <= BUDGET, "resident states " + watched.maxResident.get() + " > budget");
      assertEquals(BUDGET, watched.maxResident.get(), "the budget should have been filled");
      assertEquals(CLIENTS, disk.size(), "one state per client, no duplicates");
      assertEquals(BUDGET, disk.inMemory());
      assertEquals(CLIENTS - BUDGET, disk.spilled());
      assertEquals(disk.spilled(), files(folder), "every spilled state is one file; no stale or temporary files");
      // Each round every client is written once in fit and read back in fit and in evaluation.
      assertTrue(disk.spills() >= (long) ROUNDS * (CLIENTS - BUDGET), "spills " + disk.spills());
      assertTrue(disk.loads() >= (long) (2 * ROUNDS - 1) * (CLIENTS - BUDGET), "loads " + disk.loads());
      System.out.println("1000 clients: " + disk.spills() + " spills, " + disk.loads() + " loads, resident <= "
          + watched.maxResident.get());

      assertArrayEquals(ref.global().flatten().data(), spilled.global().flatten().data());
      assertEquals(ref.rounds(), spilled.rounds());
      assertEquals(ref.finalClientMetrics(), spilled.finalClientMetrics());
      for (int c = 0; c < CLIENTS; c++) {
        Params expect = (Params) reference.get(c).orElseThrow();
        Params got = (Params) disk.get(c).orElseThrow();
        assertEquals(expect.names(), got.names(), "client " + c);
        for (String name : expect.names()) {
          assertArrayEquals(expect.get(name).data(), got.get(name).data(), "client " + c + " parameter " + name);
          assertEquals(expect.get(name).shape(), got.get(name).shape());
        }
        assertTrue(disk.inMemory() <= BUDGET);
      }
      assertEquals(disk.spilled(), files(folder), "reading states back leaves no stale files");
      List<Integer> order = disk.memoryOrder();
      assertEquals(BUDGET, order.size());
      assertEquals(CLIENTS - 1, order.get(order.size() - 1), "the last state read is the most recent");
    }
    assertFalse(Files.exists(folder), "close deletes the spill folder");
  }
}
