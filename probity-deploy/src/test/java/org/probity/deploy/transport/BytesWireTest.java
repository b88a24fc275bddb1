package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.probity.deploy.secagg.MaskedInput;

/**
 * The chunked byte payload that carries a long masked input: it round-trips for every split (one
 * chunk, exact multiples, a remainder), and a corrupted chunk or digest ({@code DATA_LOSS}), a total
 * other than the receiver's bound, chunks out of order, missing, extra, before the header or of the
 * parameter type ({@code INVALID_ARGUMENT}) are each refused.
 */
class BytesWireTest {
  private static byte[] payload(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] assemble(BytesWire.Encoded e, long min, long max) {
    BytesWire.Assembler a = new BytesWire.Assembler("test payload", min, max);
    a.header(e.header());
    for (byte[] c : e.chunks()) {
      a.chunk(c);
    }
    return a.finish();
  }

  private static Status.Code refusal(Runnable r) {
    return assertThrows(StatusRuntimeException.class, r::run).getStatus().getCode();
  }

  @Test
  void everySplitRoundTrips() {
    for (int n : new int[] {1, 7, 256, 257, 1000, 4096}) {
      for (int chunk : new int[] {1, 3, 256, 1 << 20}) {
        byte[] p = payload(n, 31L * n + chunk);
        BytesWire.Encoded e = BytesWire.encode(p, chunk);
        assertEquals((n + chunk - 1) / chunk, e.chunks().size(), n + " bytes in chunks of " + chunk);
        for (byte[] c : e.chunks()) {
          assertTrue(c.length <= chunk + 64, "a chunk message of " + c.length + " bytes for chunks of " + chunk);
        }
        assertArrayEquals(p, assemble(e, n, n));
        assertArrayEquals(p, assemble(e, 1, 1 << 20));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> BytesWire.encode(new byte[0], 256));
    assertThrows(IllegalArgumentException.class, () -> BytesWire.encode(new byte[8], 0));
    assertThrows(IllegalArgumentException.class, () -> BytesWire.encode(new byte[8], (1 << 20) + 1));
  }

  @Test
  void damageAndWrongTotalsAreRefused() {
    byte[] p = payload(1000, 5);
    BytesWire.Encoded e = BytesWire.encode(p, 256);
    assertEquals(4, e.chunks().size());

    List<byte[]> flipped = new ArrayList<>(e.chunks());
    byte[] c1 = flipped.get(1).clone();
    c1[c1.length - 1] ^= 0x10;
    flipped.set(1, c1);
    assertEquals(Status.Code.DATA_LOSS, refusal(() -> assemble(new BytesWire.Encoded(e.header(), flipped), 1000, 1000)));

    byte[] badDigest = e.header().clone();
    badDigest[badDigest.length - 1] ^= 0x01;
    assertEquals(Status.Code.DATA_LOSS, refusal(() -> assemble(new BytesWire.Encoded(badDigest, e.chunks()), 1000,
        1000)));

    // A total other than the expected one is refused at the header, before anything is allocated.
    StatusRuntimeException x = assertThrows(StatusRuntimeException.class, () -> assemble(e, 1004, 1004));
    assertEquals(Status.Code.INVALID_ARGUMENT, x.getStatus().getCode());
    assertTrue(x.getStatus().getDescription().contains("exactly 1004"), x.getStatus().toString());
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(e, 1, 999)));
    byte[] huge = e.header().clone();
    huge[6] = 0x7f; // totalBytes, the first field after magic, version and type: now about 2^62
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(new BytesWire.Encoded(huge, e.chunks()), 1,
        Integer.MAX_VALUE - 8)));

    List<byte[]> swapped = new ArrayList<>(e.chunks());
    swapped.set(0, e.chunks().get(1));
    swapped.set(1, e.chunks().get(0));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(new BytesWire.Encoded(e.header(), swapped), 1000,
        1000)));
    List<byte[]> missing = new ArrayList<>(e.chunks().subList(0, 3));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(new BytesWire.Encoded(e.header(), missing), 1000,
        1000)));
    List<byte[]> extra = new ArrayList<>(e.chunks());
    extra.add(e.chunks().get(3));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(new BytesWire.Encoded(e.header(), extra), 1000,
        1000)));
    // A payload longer than announced: the chunks of 1004 bytes under the header of 1000.
    BytesWire.Encoded longer = BytesWire.encode(Arrays.copyOf(p, 1004), 256);
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> assemble(new BytesWire.Encoded(e.header(),
        longer.chunks()), 1000, 1000)));

    BytesWire.Assembler early = new BytesWire.Assembler("test payload", 1, 1000);
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> early.chunk(e.chunks().get(0))));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(early::finish));
    BytesWire.Assembler twice = new BytesWire.Assembler("test payload", 1, 1000);
    twice.header(e.header());
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> twice.header(e.header())));
    // A parameter chunk is not a payload chunk.
    byte[] paramChunk = ParamsWire.encode(Sites.INIT, 256).chunks().get(0);
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(() -> twice.chunk(paramChunk)));
    assertThrows(IllegalArgumentException.class, () -> new BytesWire.Assembler("x", 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new BytesWire.Assembler("x", 10, 9));
  }

  @Test
  void aMaskedInputsLengthIsKnownFromItsWordCount() {
    int[] words = new int[1234];
    Arrays.fill(words, -7);
    byte[] enc = new MaskedInput(3, 1, words).encode();
    assertEquals(enc.length, MaskedInput.encodedBytes(words.length));
  }
}
