package org.probity.deploy.secagg;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/** Runs whole rounds in memory, every message through encode/decode, with seeded randomness (tests only). */
final class SecAggHarness {
  final SecAggConfig config;
  final long round;
  final int[] ids;
  final SecAggServer server;
  final Map<Integer, SecAggClient> clients = new TreeMap<>();
  final Map<Integer, MaskedInput> masked = new TreeMap<>();

  SecAggHarness(SecAggConfig config, long round, int[] ids, long seed) {
    this.config = config;
    this.round = round;
    this.ids = ids.clone();
    this.server = new SecAggServer(config, round, ids);
    for (int id : ids) {
      clients.put(id, new SecAggClient(config, round, id, ids, seeded(seed * 1000 + id)));
    }
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static float[][] inputs(int n, int length, double maxAbs, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][length];
    for (float[] row : x) {
      for (int i = 0; i < length; i++) {
        row[i] = (float) ((2 * r.nextDouble() - 1) * maxAbs);
      }
    }
    return x;
  }

  /**
   * One round; a client in {@code dropAtPhase} stops before sending the message of that phase
   * (0 AdvertiseKeys, 1 EncryptedShares, 2 MaskedInput, 3 UnmaskResponse).
   */
  SecAggResult run(Map<Integer, float[]> inputs, Map<Integer, Integer> dropAtPhase) {
    Set<Integer> alive = new java.util.TreeSet<>(clients.keySet());
    for (int id : ids) {
      if (dropAtPhase.getOrDefault(id, 99) > 0) {
        server.receive(AdvertiseKeys.decode(clients.get(id).advertiseKeys().encode()));
      } else {
        alive.remove(id);
      }
    }
    byte[] roster = server.keyRoster().encode();
    for (int id : Set.copyOf(alive)) {
      EncryptedShares s = clients.get(id).shareKeys(KeyRoster.decode(roster));
      if (dropAtPhase.getOrDefault(id, 99) > 1) {
        server.receive(EncryptedShares.decode(s.encode()));
      } else {
        alive.remove(id);
      }
    }
    Map<Integer, ShareDelivery> deliveries = server.shareDeliveries();
    for (int id : Set.copyOf(alive)) {
      MaskedInput y = clients.get(id).maskedInput(ShareDelivery.decode(deliveries.get(id).encode()), inputs.get(id));
      masked.put(id, y);
      if (dropAtPhase.getOrDefault(id, 99) > 2) {
        server.receive(MaskedInput.decode(y.encode()));
      } else {
        alive.remove(id);
      }
    }
    byte[] request = server.unmaskRequest().encode();
    for (int id : alive) {
      UnmaskResponse r = clients.get(id).unmask(UnmaskRequest.decode(request));
      if (dropAtPhase.getOrDefault(id, 99) > 3) {
        server.receive(UnmaskResponse.decode(r.encode()));
      }
    }
    return server.result();
  }
}
