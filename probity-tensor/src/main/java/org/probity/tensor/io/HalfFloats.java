package org.probity.tensor.io;

/**
 * Conversions between float32 and the two 16-bit float formats found in safetensors checkpoints:
 * IEEE 754 binary16 ({@link DType#F16}) and bfloat16 ({@link DType#BF16}, the top half of a
 * float32). Narrowing rounds to nearest, ties to even, as IEEE 754 and PyTorch's {@code .half()} do;
 * NaN stays NaN (quiet) and overflow becomes infinity. Java 17 has no {@code Float.floatToFloat16},
 * hence this class.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The float32 value of binary16 bits {@code h} (exact). */
  public static float f16ToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      // Zero or subnormal: mant * 2^-24, exact in float32.
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The binary16 bits nearest to {@code f} (ties to even). */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) {
      if (abs == 0x7f800000) {
        return (short) (sign | 0x7c00);
      }
      return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff)); // quiet NaN, top payload bits kept
    }
    if (abs >= 0x477ff000) { // >= 65520, halfway above the largest half (65504): rounds to infinity
      return (short) (sign | 0x7c00);
    }
    if (abs >= 0x38800000) { // >= 2^-14: a normal half
      int v = abs - 0x38000000; // rebias the exponent from 127 to 15
      v += 0xfff + ((v >>> 13) & 1); // round the 13 dropped bits to nearest even; carries are fine
      return (short) (sign | (v >>> 13));
    }
    if (abs <= 0x33000000) { // <= 2^-25, half the smallest subnormal: ties to even give zero
      return (short) sign;
    }
    // Subnormal half: m * 2^-24 with the float's 24-bit significand shifted right by 14..24 bits.
    int e = abs >>> 23;
    int significand = (abs & 0x7fffff) | 0x800000;
    int shift = 126 - e;
    int m = significand >>> shift;
    int rem = significand & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rem > halfway || (rem == halfway && (m & 1) != 0)) {
      m++; // may become 0x400, the smallest normal, which is the right encoding
    }
    return (short) (sign | m);
  }

  /** The float32 value of bfloat16 bits {@code b} (exact). */
  public static float bf16ToFloat(short b) {
    return Float.intBitsToFloat((b & 0xffff) << 16);
  }

  /** The bfloat16 bits nearest to {@code f} (ties to even). */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40); // keep NaN a (quiet) NaN even if the payload was low
    }
    return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
  }
}
