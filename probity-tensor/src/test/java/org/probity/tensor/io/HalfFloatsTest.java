package org.probity.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  /** binary16 value from its fields by the textbook formula, in double: independent of the bit tricks. */
  private static double f16Value(int bits) {
    int sign = (bits >> 15) & 1;
    int exp = (bits >> 10) & 0x1f;
    int mant = bits & 0x3ff;
    double mag;
    if (exp == 0) {
      mag = mant * Math.pow(2, -24);
    } else if (exp == 31) {
      mag = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      mag = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
    }
    return sign == 1 ? -mag : mag;
  }

  @Test
  void everyF16DecodesToItsValueAndEncodesBack() {
    for (int h = 0; h < 0x10000; h++) {
      double expected = f16Value(h);
      float f = HalfFloats.f16ToFloat((short) h);
      if (Double.isNaN(expected)) {
        assertTrue(Float.isNaN(f), "NaN " + Integer.toHexString(h));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))));
        continue;
      }
      assertEquals(expected, f, 0.0, "f16 " + Integer.toHexString(h));
      assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits(f), "sign of zero");
      assertEquals(h, HalfFloats.floatToF16(f) & 0xffff, "round trip of " + Integer.toHexString(h));
    }
  }

  @Test
  void knownF16Encodings() {
    assertEquals(0x3c00, HalfFloats.floatToF16(1f) & 0xffff);
    assertEquals(0xc000, HalfFloats.floatToF16(-2f) & 0xffff);
    assertEquals(0x2e66, HalfFloats.floatToF16(0.1f) & 0xffff);
    assertEquals(0x7bff, HalfFloats.floatToF16(65504f) & 0xffff);
    assertEquals(0x7bff, HalfFloats.floatToF16(65519.99f) & 0xffff);
    assertEquals(0x7c00, HalfFloats.floatToF16(65520f) & 0xffff, "the tie above the largest half rounds to even: infinity");
    assertEquals(0x0001, HalfFloats.floatToF16(0x1p-24f) & 0xffff);
    assertEquals(0x0000, HalfFloats.floatToF16(0x1p-25f) & 0xffff, "tie between 0 and the smallest subnormal goes to 0");
    assertEquals(0x0001, HalfFloats.floatToF16(Math.nextUp(0x1p-25f)) & 0xffff);
    assertEquals(0x0002, HalfFloats.floatToF16(0x1.8p-24f) & 0xffff, "subnormal tie 1.5 ulp goes to even 2");
    assertEquals(0x0002, HalfFloats.floatToF16(0x1.4p-23f) & 0xffff, "subnormal tie 2.5 ulp goes to even 2");
    assertEquals(0x0400, HalfFloats.floatToF16(Math.nextDown(0x1p-14f)) & 0xffff, "rounds up into the normals");
    assertEquals(0x8000, HalfFloats.floatToF16(-0f) & 0xffff);
    assertEquals(0x3c00, HalfFloats.floatToF16(1f + 0x1p-11f) & 0xffff, "tie to even (down)");
    assertEquals(0x3c02, HalfFloats.floatToF16(1f + 3 * 0x1p-11f) & 0xffff, "tie to even (up)");
    assertEquals(0xfc00, HalfFloats.floatToF16(Float.NEGATIVE_INFINITY) & 0xffff);
    assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.intBitsToFloat(0x7f800001)))),
        "a NaN whose payload lies in the dropped bits stays NaN");
  }

  @Property(tries = 3000)
  void f16IsTheNearestHalf(@ForAll float f) {
    if (Float.isNaN(f) || Math.abs(f) >= 65520f) {
      return;
    }
    short h = HalfFloats.floatToF16(f);
    double got = f16Value(h & 0xffff);
    // Every half within the neighbours of the result is no closer (ties: the result's mantissa is even).
    for (int d = -2; d <= 2; d++) {
      int other = (h & 0xffff) + d;
      if (d == 0 || other < 0 || other > 0xffff || ((other >> 10) & 0x1f) == 31 || (other & 0x8000) != (h & 0x8000)) {
        continue;
      }
      double err = Math.abs(f16Value(other) - f);
      double mine = Math.abs(got - f);
      assertTrue(mine < err || (mine == err && (h & 1) == 0), () -> f + " -> " + got + " but " + f16Value(other) + " is closer");
    }
  }

  @Test
  void everyBf16RoundTrips() {
    for (int b = 0; b < 0x10000; b++) {
      float f = HalfFloats.bf16ToFloat((short) b);
      assertEquals(b << 16, Float.floatToRawIntBits(f));
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f))));
      } else {
        assertEquals(b, HalfFloats.floatToBf16(f) & 0xffff);
      }
    }
  }

  @Property(tries = 3000)
  void bf16IsTheNearest(@ForAll float f) {
    if (Float.isNaN(f)) {
      assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f))));
      return;
    }
    if (Float.isInfinite(f)) {
      assertEquals(f, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f)));
      return;
    }
    int bits = Float.floatToRawIntBits(f);
    float down = Float.intBitsToFloat(bits & 0xffff0000); // truncation, towards zero
    float up = Float.intBitsToFloat((bits & 0xffff0000) + 0x10000); // next bfloat16 away from zero
    float got = HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f));
    double dDown = Math.abs((double) f - down);
    double dUp = Float.isInfinite(up) ? Math.abs((double) f - Math.copySign(0x1p128, f)) : Math.abs((double) f - up);
    float expected = dDown < dUp ? down : dUp < dDown ? up : (((bits >>> 16) & 1) == 0 ? down : up);
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got), () -> "bf16 of " + f);
  }
}
