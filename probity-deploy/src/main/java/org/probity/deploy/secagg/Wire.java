package org.probity.deploy.secagg;

import java.nio.ByteBuffer;

/**
 * The byte layout shared by every secure-aggregation message: a 4-byte header ('P', 'S', version 1, the
 * message type), the round id, then big-endian fields. Decoding is strict — wrong header, truncation,
 * negative or oversized counts and trailing bytes are refused with an IllegalArgumentException naming the
 * message and the field — because these bytes arrive from the network.
 */
final class Wire {
  static final int HEADER_BYTES = 4 + 8;
  static final byte VERSION = 1;
  static final byte ADVERTISE_KEYS = 1;
  static final byte KEY_ROSTER = 2;
  static final byte ENCRYPTED_SHARES = 3;
  static final byte SHARE_DELIVERY = 4;
  static final byte MASKED_INPUT = 5;
  static final byte UNMASK_REQUEST = 6;
  static final byte UNMASK_RESPONSE = 7;

  private Wire() {}

  static ByteBuffer writer(int bodyBytes, byte type, long round) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
    b.put((byte) 'P').put((byte) 'S').put(VERSION).put(type).putLong(round);
    return b;
  }

  static void putIds(ByteBuffer b, int[] ids) {
    b.putInt(ids.length);
    for (int id : ids) {
      b.putInt(id);
    }
  }

  /** Field checks shared by the records' constructors. */
  static void checkRound(String message, long round) {
    if (round < 0) {
      throw new IllegalArgumentException(message + ": field 'round' must be >= 0, got " + round);
    }
  }

  static void checkId(String message, String field, int id) {
    if (id < 0 || id == Integer.MAX_VALUE) {
      throw new IllegalArgumentException(message + ": field '" + field + "' must be a client id in [0, 2^31-2], got "
          + id);
    }
  }

  /** Ids strictly increasing (so each appears once and the encoding is canonical). */
  static int[] checkIds(String message, String field, int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException(message + ": field '" + field + "' is required");
    }
    for (int i = 0; i < ids.length; i++) {
      checkId(message, field, ids[i]);
      if (i > 0 && ids[i] <= ids[i - 1]) {
        throw new IllegalArgumentException(message + ": field '" + field + "' must list ids in strictly increasing"
            + " order, got " + ids[i - 1] + " then " + ids[i]);
      }
    }
    return ids.clone();
  }

  static byte[][] checkBlobs(String message, String field, byte[][] blobs, int count, int bytes) {
    if (blobs == null || blobs.length != count) {
      throw new IllegalArgumentException(message + ": field '" + field + "' must hold " + count + " entries, got "
          + (blobs == null ? "null" : blobs.length));
    }
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      if (blobs[i] == null || blobs[i].length != bytes) {
        throw new IllegalArgumentException(message + ": field '" + field + "' entry " + i + " must be " + bytes
            + " bytes, got " + (blobs[i] == null ? "null" : blobs[i].length));
      }
      out[i] = blobs[i].clone();
    }
    return out;
  }

  /** A strict cursor over one message. */
  static final class Reader {
    private final String message;
    private final ByteBuffer b;

    Reader(byte[] bytes, String message, byte type) {
      this.message = message;
      if (bytes == null) {
        throw new IllegalArgumentException(message + ": no bytes");
      }
      if (bytes.length < HEADER_BYTES) {
        throw new IllegalArgumentException(message + ": field 'header' truncated: need " + HEADER_BYTES
            + " bytes, got " + bytes.length);
      }
      this.b = ByteBuffer.wrap(bytes);
      if (b.get() != 'P' || b.get() != 'S') {
        throw new IllegalArgumentException(message + ": field 'magic' is not 'PS'; not a secure-aggregation message");
      }
      byte v = b.get();
      if (v != VERSION) {
        throw new IllegalArgumentException(message + ": field 'version' must be " + VERSION + ", got " + v);
      }
      byte t = b.get();
      if (t != type) {
        throw new IllegalArgumentException(message + ": field 'type' must be " + type + ", got " + t);
      }
    }

    long round() {
      long r = b.getLong();
      checkRound(message, r);
      return r;
    }

    private void need(String field, long bytes) {
      if (bytes > b.remaining()) {
        throw new IllegalArgumentException(message + ": field '" + field + "' truncated: need " + bytes
            + " bytes, " + b.remaining() + " left");
      }
    }

    int id(String field) {
      need(field, 4);
      int id = b.getInt();
      checkId(message, field, id);
      return id;
    }

    /** A count of elements of {@code elementBytes} each, which must fit in what is left. */
    int count(String field, long elementBytes) {
      need(field + " count", 4);
      int n = b.getInt();
      if (n < 0) {
        throw new IllegalArgumentException(message + ": field '" + field + "' count is negative: " + n);
      }
      if ((long) n * elementBytes > b.remaining()) {
        throw new IllegalArgumentException(message + ": field '" + field + "' declares " + n + " entries of "
            + elementBytes + " bytes but only " + b.remaining() + " bytes are left");
      }
      return n;
    }

    int[] ids(String field, int n) {
      need(field, 4L * n);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = b.getInt();
      }
      return out;
    }

    int[] ints(String field, int n) {
      need(field, 4L * n);
      int[] out = new int[n];
      b.asIntBuffer().get(out);
      b.position(b.position() + 4 * n);
      return out;
    }

    byte[] bytes(String field, int n) {
      need(field, n);
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    void end() {
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(message + ": " + b.remaining() + " trailing bytes after the last field");
      }
    }
  }
}
