package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecAggRoundTest {
  private static int[] range(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 3 * i + 1;
    }
    return ids;
  }

  /** Runs a round and checks it against the plain sum over the clients expected to be counted. */
  private static SecAggResult check(SecAggConfig config, int n, Map<Integer, Integer> drops, int[] counted) {
    int[] ids = range(n);
    float[][] x = SecAggHarness.inputs(n, config.vectorLength(), config.maxAbs(), 17 + n);
    Map<Integer, float[]> inputs = new HashMap<>();
    for (int k = 0; k < n; k++) {
      inputs.put(ids[k], x[k]);
    }
    SecAggHarness h = new SecAggHarness(config, 5, ids, 99 + n);
    SecAggResult r = h.run(inputs, drops);
    assertArrayEquals(counted, r.survivors());
    assertEquals(counted.length, r.count());
    Quantizer q = new Quantizer(config);
    int[] plainQ = new int[config.vectorLength()];
    double[] plain = new double[config.vectorLength()];
    for (int id : counted) {
      int[] qi = q.quantize(inputs.get(id));
      for (int i = 0; i < plainQ.length; i++) {
        plainQ[i] += qi[i];
        plain[i] += inputs.get(id)[i];
      }
    }
    assertArrayEquals(plainQ, r.quantizedSum(), "the unmasked sum is exactly the sum of the quantized inputs");
    double bound = q.sumErrorBound(counted.length);
    for (int i = 0; i < plain.length; i++) {
      assertTrue(Math.abs(r.sum()[i] - plain[i]) <= bound + 1e-12,
          "coordinate " + i + ": " + r.sum()[i] + " vs " + plain[i] + " beyond " + bound);
    }
    return r;
  }

  @Test
  void threeClientsSumExactly() {
    SecAggConfig c = new SecAggConfig(257, 16, 2.0, 3, 2);
    check(c, 3, Map.of(), range(3));
  }

  @Test
  void tenClientsSumExactly() {
    SecAggConfig c = SecAggConfig.of(1000, 20, 1.5, 10);
    SecAggResult r = check(c, 10, Map.of(), range(10));
    assertEquals(0, r.dropped().length);
  }

  @Test
  void clippedInputsSumToTheClippedSum() {
    SecAggConfig c = new SecAggConfig(4, 8, 1.0, 3, 2);
    int[] ids = range(3);
    Map<Integer, float[]> in = Map.of(ids[0], new float[] {5f, -7f, 0.5f, 1f}, ids[1], new float[] {0.25f, 0, 0, -3f},
        ids[2], new float[] {1f, -1f, 2f, 0});
    SecAggResult r = new SecAggHarness(c, 1, ids, 3).run(in, Map.of());
    assertArrayEquals(new double[] {2.25, -2, 1.5, 0}, r.sum(), 0.0);
  }

  @Test
  void droppingAfterTheMaskedInputIsNotADropout() {
    SecAggConfig c = SecAggConfig.of(300, 16, 1.0, 5);
    int[] ids = range(5);
    // ids[2] sends its masked input, then never answers the unmask request: it is still counted.
    SecAggResult r = check(c, 5, Map.of(ids[2], 3), ids);
    assertEquals(0, r.dropped().length);
  }

  @Test
  void droppingBeforeTheMaskedInputIsRecovered() {
    SecAggConfig c = SecAggConfig.of(300, 16, 1.0, 5);
    int[] ids = range(5);
    int[] counted = {ids[0], ids[2], ids[3], ids[4]};
    // ids[1] advertised keys and shared them, then vanished: survivors masked against it.
    SecAggResult r = check(c, 5, Map.of(ids[1], 2), counted);
    assertArrayEquals(new int[] {ids[1]}, r.dropped());
  }

  @Test
  void droppingAfterAdvertisingKeysOnlyAndAfterSharingBothRecovered() {
    SecAggConfig c = SecAggConfig.of(64, 12, 1.0, 10);
    int[] ids = range(10);
    int[] counted = {ids[0], ids[1], ids[3], ids[4], ids[5], ids[7], ids[8]};
    check(c, 10, Map.of(ids[2], 1, ids[6], 2, ids[9], 2), counted);
  }

  @Test
  void tooManyDropoutsFailClearly() {
    SecAggConfig c = SecAggConfig.of(16, 10, 1.0, 5);
    int[] ids = range(5);
    Map<Integer, float[]> in = new HashMap<>();
    float[][] x = SecAggHarness.inputs(5, 16, 1.0, 1);
    for (int k = 0; k < 5; k++) {
      in.put(ids[k], x[k]);
    }
    // t = 3: three clients drop before their masked input.
    SecAggAbortedException e = assertThrows(SecAggAbortedException.class,
        () -> new SecAggHarness(c, 2, ids, 1).run(in, Map.of(ids[0], 2, ids[1], 2, ids[4], 2)));
    assertTrue(e.getMessage().contains("fewer than the threshold t=3"), e.getMessage());
    // Enough masked inputs, but too few unmask responses.
    SecAggHarness h = new SecAggHarness(c, 2, ids, 1);
    e = assertThrows(SecAggAbortedException.class, () -> h.run(in, Map.of(ids[0], 3, ids[1], 3, ids[2], 3)));
    assertTrue(e.getMessage().contains("answered the unmask request"), e.getMessage());
    assertEquals(SecAggServer.Phase.ABORTED, h.server.phase());
    // Too few keys advertised.
    e = assertThrows(SecAggAbortedException.class,
        () -> new SecAggHarness(c, 2, ids, 1).run(in, Map.of(ids[0], 0, ids[1], 0, ids[2], 0)));
    assertTrue(e.getMessage().contains("advertised keys"), e.getMessage());
  }

  @Test
  void extremeInputsDoNotOverflow() {
    SecAggConfig c = new SecAggConfig(3, 20, 100.0, 10, 6);
    assertTrue(10L * c.maxQuantized() <= Integer.MAX_VALUE);
    int[] ids = range(10);
    Map<Integer, float[]> in = new HashMap<>();
    for (int id : ids) {
      in.put(id, new float[] {100f, -100f, 1e9f});
    }
    SecAggResult r = new SecAggHarness(c, 8, ids, 4).run(in, Map.of());
    assertArrayEquals(new double[] {1000, -1000, 1000}, r.sum(), 0.0);
  }

  @Test
  void phasesRunInOrderOnce() {
    SecAggConfig c = SecAggConfig.of(8, 8, 1.0, 3);
    SecAggClient client = new SecAggClient(c, 0, 1, new int[] {1, 2, 3}, SecAggHarness.seeded(1));
    assertThrows(IllegalStateException.class, () -> client.unmask(new UnmaskRequest(0, new int[] {1, 2}, new int[0])));
    client.advertiseKeys();
    assertThrows(IllegalStateException.class, client::advertiseKeys);
    SecAggServer server = new SecAggServer(c, 0, new int[] {1, 2, 3});
    assertThrows(IllegalStateException.class, server::result);
    assertThrows(IllegalArgumentException.class, () -> new SecAggClient(c, 0, 4, new int[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class, () -> new SecAggServer(c, 0, new int[] {1, 2, 3, 4}),
        "more participants than maxClients");
  }
}
