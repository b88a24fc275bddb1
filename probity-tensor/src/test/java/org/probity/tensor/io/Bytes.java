package org.probity.tensor.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds safetensors bytes by hand, from the format description, independently of the writer. */
final class Bytes {
  private Bytes() {}

  /** The 8-byte little-endian header length. */
  static byte[] prefix(long n) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (n >>> (8 * i));
    }
    return b;
  }

  /** A whole file: prefix, the header's UTF-8 bytes as given (no padding added), then data. */
  static byte[] file(String header, byte[]... data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return concat(prefix(h.length), h, concat(data));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] of(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] f32(float... values) {
    byte[] b = new byte[4 * values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToRawIntBits(values[i]);
      for (int j = 0; j < 4; j++) {
        b[4 * i + j] = (byte) (bits >>> (8 * j));
      }
    }
    return b;
  }

  static byte[] i64(long... values) {
    byte[] b = new byte[8 * values.length];
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < 8; j++) {
        b[8 * i + j] = (byte) (values[i] >>> (8 * j));
      }
    }
    return b;
  }

  static byte[] zeros(int n) {
    return new byte[n];
  }
}
