package org.probity.tensor.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoding of little-endian safetensors payloads into Java arrays. Bulk views of a
 * {@link ByteBuffer} are used where Java has a matching primitive so that large tensors decode at
 * memory speed, without per-element allocation.
 */
final class Codec {
  private Codec() {}

  static ByteBuffer le(byte[] raw) {
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Values of a {@link DType.Kind#FLOAT} payload as float32 (F64 narrows, rounding to nearest). */
  static float[] floats(DType dtype, byte[] raw) {
    int n = raw.length / dtype.size();
    float[] out = new float[n];
    ByteBuffer b = le(raw);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        var d = b.asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d.get(i);
        }
      }
      case F16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.f16ToFloat(s.get(i));
        }
      }
      case BF16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.bf16ToFloat(s.get(i));
        }
      }
      default -> throw new IllegalArgumentException("floats: " + dtype + " is not a float dtype");
    }
    return out;
  }

  /**
   * Values of a {@link DType.Kind#INTEGER} payload as long. U64 values are returned as their bit
   * patterns; callers check {@link #firstNegativeU64} when that matters.
   */
  static long[] longs(DType dtype, byte[] raw) {
    int n = raw.length / dtype.size();
    long[] out = new long[n];
    ByteBuffer b = le(raw);
    switch (dtype) {
      case BOOL, U8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = raw[i] & 0xff;
        }
      }
      case I8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = raw[i];
        }
      }
      case I16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = s.get(i);
        }
      }
      case U16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = s.get(i) & 0xffff;
        }
      }
      case I32 -> {
        var s = b.asIntBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = s.get(i);
        }
      }
      case U32 -> {
        var s = b.asIntBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = s.get(i) & 0xffffffffL;
        }
      }
      case I64, U64 -> b.asLongBuffer().get(out);
      default -> throw new IllegalArgumentException("longs: " + dtype + " is not an integer dtype");
    }
    return out;
  }

  /** Index of the first U64 value at or above 2^63 (negative as a long), or -1. */
  static int firstNegativeU64(long[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        return i;
      }
    }
    return -1;
  }
}
