package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every message round-trips, and truncated, padded, mislabelled or misdirected bytes are refused. */
class MessagesTest {
  private static final SecAggConfig CONFIG = SecAggConfig.of(6, 8, 1.0, 3);
  private static final int[] IDS = {2, 4, 9};

  /** The real messages of one round, captured as bytes. */
  private static List<byte[]> realMessages() {
    SecAggServer server = new SecAggServer(CONFIG, 3, IDS);
    SecAggClient[] c = new SecAggClient[3];
    AdvertiseKeys first = null;
    for (int k = 0; k < 3; k++) {
      c[k] = new SecAggClient(CONFIG, 3, IDS[k], IDS, SecAggHarness.seeded(k));
      AdvertiseKeys a = c[k].advertiseKeys();
      first = first == null ? a : first;
      server.receive(a);
    }
    KeyRoster roster = server.keyRoster();
    EncryptedShares shares = null;
    for (int k = 0; k < 3; k++) {
      EncryptedShares s = c[k].shareKeys(roster);
      shares = shares == null ? s : shares;
      if (k < 2) {
        server.receive(s);
      }
    }
    Map<Integer, ShareDelivery> d = server.shareDeliveries();
    MaskedInput y = c[0].maskedInput(d.get(IDS[0]), new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
    server.receive(y);
    server.receive(c[1].maskedInput(d.get(IDS[1]), new float[6]));
    UnmaskRequest req = server.unmaskRequest();
    UnmaskResponse resp = c[0].unmask(req);
    return List.of(first.encode(), roster.encode(), shares.encode(), d.get(IDS[0]).encode(), y.encode(),
        req.encode(), resp.encode());
  }

  private static final List<Function<byte[], Object>> DECODERS = List.of(AdvertiseKeys::decode, KeyRoster::decode,
      EncryptedShares::decode, ShareDelivery::decode, MaskedInput::decode, UnmaskRequest::decode,
      UnmaskResponse::decode);

  private static byte[] reencode(Object m) {
    if (m instanceof AdvertiseKeys a) {
      return a.encode();
    } else if (m instanceof KeyRoster a) {
      return a.encode();
    } else if (m instanceof EncryptedShares a) {
      return a.encode();
    } else if (m instanceof ShareDelivery a) {
      return a.encode();
    } else if (m instanceof MaskedInput a) {
      return a.encode();
    } else if (m instanceof UnmaskRequest a) {
      return a.encode();
    }
    return ((UnmaskResponse) m).encode();
  }

  @Test
  void everyMessageRoundTripsAndRefusesEveryTruncation() {
    List<byte[]> all = realMessages();
    for (int k = 0; k < all.size(); k++) {
      byte[] b = all.get(k);
      Function<byte[], Object> decode = DECODERS.get(k);
      assertArrayEquals(b, reencode(decode.apply(b)), "message type " + (k + 1));
      for (int len = 0; len < b.length; len++) {
        byte[] cut = Arrays.copyOf(b, len);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode.apply(cut),
            "type " + (k + 1) + " truncated to " + len);
        assertTrue(e.getMessage().startsWith("secagg "), e.getMessage());
      }
      byte[] longer = Arrays.copyOf(b, b.length + 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode.apply(longer));
      assertTrue(e.getMessage().contains("trailing"), e.getMessage());
      // Each decoder refuses the other types.
      for (int j = 0; j < DECODERS.size(); j++) {
        if (j != k) {
          Function<byte[], Object> other = DECODERS.get(j);
          IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> other.apply(b));
          assertTrue(w.getMessage().contains("'type'"), w.getMessage());
        }
      }
    }
  }

  @Test
  void errorsNameTheField() {
    List<byte[]> all = realMessages();
    byte[] adv = all.get(0);
    String m = assertThrows(IllegalArgumentException.class,
        () -> AdvertiseKeys.decode(Arrays.copyOf(adv, 12 + 4 + 32 + 10))).getMessage();
    assertTrue(m.contains("'maskKey'") && m.contains("truncated"), m);
    byte[] y = all.get(4).clone();
    ByteBuffer.wrap(y).putInt(16, 1_000_000);
    m = assertThrows(IllegalArgumentException.class, () -> MaskedInput.decode(y)).getMessage();
    assertTrue(m.contains("'masked'") && m.contains("declares"), m);
    ByteBuffer.wrap(y).putInt(16, -1);
    m = assertThrows(IllegalArgumentException.class, () -> MaskedInput.decode(y)).getMessage();
    assertTrue(m.contains("'masked'") && m.contains("negative"), m);
    byte[] neg = all.get(4).clone();
    ByteBuffer.wrap(neg).putLong(4, -2);
    m = assertThrows(IllegalArgumentException.class, () -> MaskedInput.decode(neg)).getMessage();
    assertTrue(m.contains("'round'"), m);
    byte[] ver = all.get(0).clone();
    ver[2] = 9;
    m = assertThrows(IllegalArgumentException.class, () -> AdvertiseKeys.decode(ver)).getMessage();
    assertTrue(m.contains("'version'"), m);
    byte[] req = all.get(5).clone();
    ByteBuffer.wrap(req).putInt(16, IDS[1]).putInt(20, IDS[0]);
    m = assertThrows(IllegalArgumentException.class, () -> UnmaskRequest.decode(req)).getMessage();
    assertTrue(m.contains("'survivors'") && m.contains("increasing"), m);
    byte[] key = all.get(0).clone();
    Arrays.fill(key, 16, 48, (byte) 0xff);
    m = assertThrows(IllegalArgumentException.class, () -> AdvertiseKeys.decode(key)).getMessage();
    assertTrue(m.contains("'encryptionKey'"), m);
  }

  @Test
  void serverRefusesWrongRoundWrongLengthAndStrangers() {
    SecAggServer server = new SecAggServer(CONFIG, 3, IDS);
    SecAggClient a = new SecAggClient(CONFIG, 4, IDS[0], IDS, SecAggHarness.seeded(1));
    String m = assertThrows(IllegalArgumentException.class, () -> server.receive(a.advertiseKeys())).getMessage();
    assertTrue(m.contains("'round' must be 3, got 4"), m);
    SecAggClient[] c = new SecAggClient[3];
    for (int k = 0; k < 3; k++) {
      c[k] = new SecAggClient(CONFIG, 3, IDS[k], IDS, SecAggHarness.seeded(10 + k));
      server.receive(c[k].advertiseKeys());
    }
    SecAggClient stranger = new SecAggClient(CONFIG, 3, 5, new int[] {4, 5, 9}, SecAggHarness.seeded(9));
    m = assertThrows(IllegalArgumentException.class, () -> server.receive(stranger.advertiseKeys())).getMessage();
    assertTrue(m.contains("'clientId' 5 is not a participant"), m);
    KeyRoster roster = server.keyRoster();
    AdvertiseKeys late = new SecAggClient(CONFIG, 3, IDS[0], IDS, SecAggHarness.seeded(30)).advertiseKeys();
    m = assertThrows(IllegalStateException.class, () -> server.receive(late)).getMessage();
    assertTrue(m.contains("too late"), m);
    for (SecAggClient k : c) {
      server.receive(k.shareKeys(roster));
    }
    Map<Integer, ShareDelivery> d = server.shareDeliveries();
    m = assertThrows(IllegalArgumentException.class,
        () -> server.receive(new MaskedInput(3, IDS[0], new int[5]))).getMessage();
    assertTrue(m.contains("'masked' must hold 6"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> server.receive(new MaskedInput(3, 7, new int[6]))).getMessage();
    assertTrue(m.contains("'clientId' 7"), m);
    MaskedInput y0 = c[0].maskedInput(d.get(IDS[0]), new float[6]);
    server.receive(y0);
    m = assertThrows(IllegalArgumentException.class, () -> server.receive(y0)).getMessage();
    assertTrue(m.contains("already"), m);
  }

  @Test
  void clientRefusesForeignDeliveriesAndTamperedShares() {
    SecAggServer server = new SecAggServer(CONFIG, 3, IDS);
    SecAggClient[] c = new SecAggClient[3];
    for (int k = 0; k < 3; k++) {
      c[k] = new SecAggClient(CONFIG, 3, IDS[k], IDS, SecAggHarness.seeded(20 + k));
      server.receive(c[k].advertiseKeys());
    }
    KeyRoster roster = server.keyRoster();
    String m = assertThrows(IllegalArgumentException.class,
        () -> c[0].shareKeys(new KeyRoster(4, roster.clientIds(), roster.encryptionKeys(), roster.maskKeys())))
        .getMessage();
    assertTrue(m.contains("'round' must be 3, got 4"), m);
    for (SecAggClient k : c) {
      server.receive(k.shareKeys(roster));
    }
    Map<Integer, ShareDelivery> d = server.shareDeliveries();
    m = assertThrows(IllegalArgumentException.class, () -> c[0].maskedInput(d.get(IDS[1]), new float[6]))
        .getMessage();
    assertTrue(m.contains("'recipient'"), m);
    ShareDelivery mine = d.get(IDS[0]);
    byte[][] ct = mine.ciphertexts();
    byte[] bad = ct[0].clone();
    bad[40] ^= 1;
    ShareDelivery tampered = new ShareDelivery(3, IDS[0], mine.senders(), new byte[][] {bad, ct[1]});
    m = assertThrows(IllegalArgumentException.class, () -> c[0].maskedInput(tampered, new float[6])).getMessage();
    assertTrue(m.contains("authentication failed"), m);
    // Swapping two senders' ciphertexts is caught too (the sender is bound in the associated data).
    ShareDelivery swapped = new ShareDelivery(3, IDS[0], mine.senders(), new byte[][] {ct[1], ct[0]});
    assertThrows(IllegalArgumentException.class, () -> c[0].maskedInput(swapped, new float[6]));
    c[0].maskedInput(mine, new float[6]);
    m = assertThrows(IllegalArgumentException.class,
        () -> c[0].unmask(new UnmaskRequest(3, new int[] {IDS[0], IDS[1]}, new int[0]))).getMessage();
    assertTrue(m.contains("partition"), m);
  }

  @Test
  void recordsValidateTheirFields() {
    assertThrows(IllegalArgumentException.class, () -> new MaskedInput(0, 1, new int[0]));
    assertThrows(IllegalArgumentException.class, () -> new UnmaskRequest(0, new int[] {1, 2}, new int[] {2}));
    assertThrows(IllegalArgumentException.class,
        () -> new UnmaskResponse(0, 1, new int[] {1}, new BigInteger[] {Shamir.PRIME}, new int[0], new BigInteger[0]));
    assertThrows(IllegalArgumentException.class,
        () -> new EncryptedShares(0, 1, new int[] {1}, new byte[][] {new byte[EncryptedShares.CIPHERTEXT_BYTES]}));
    String m = assertThrows(IllegalArgumentException.class,
        () -> new EncryptedShares(0, 1, new int[] {2}, new byte[][] {new byte[10]})).getMessage();
    assertTrue(m.contains("'ciphertexts'") && m.contains("10"), m);
    assertEquals(168, EncryptedShares.CIPHERTEXT_BYTES);
  }
}
