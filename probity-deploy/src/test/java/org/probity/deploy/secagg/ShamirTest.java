package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShamirTest {
  private static final long[] XS = {1, 2, 3, 5, 8, 13, 21};

  private static BigInteger randomSecret(SecureRandom r) {
    return new BigInteger(600, r).mod(Shamir.PRIME);
  }

  @Test
  void everySubsetOfThresholdSizeReconstructs() {
    SecureRandom r = SecAggHarness.seeded(1);
    BigInteger secret = randomSecret(r);
    int t = 4;
    BigInteger[] shares = Shamir.split(secret, t, XS, r);
    int n = XS.length;
    int subsets = 0;
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) != t) {
        continue;
      }
      long[] xs = new long[t];
      BigInteger[] ys = new BigInteger[t];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          xs[k] = XS[i];
          ys[k++] = shares[i];
        }
      }
      assertEquals(secret, Shamir.reconstruct(t, xs, ys));
      subsets++;
    }
    assertEquals(35, subsets);
    assertEquals(secret, Shamir.reconstruct(t, XS, shares), "all shares, extras checked for consistency");
  }

  @Test
  void fewerThanThresholdSharesAreConsistentWithAnySecret() {
    SecureRandom r = SecAggHarness.seeded(2);
    int t = 4;
    BigInteger s1 = randomSecret(r);
    BigInteger s2 = randomSecret(r);
    assertNotEquals(s1, s2);
    BigInteger[] shares = Shamir.split(s1, t, XS, r);
    long[] seenX = Arrays.copyOf(XS, t - 1);
    BigInteger[] seenY = Arrays.copyOf(shares, t - 1);
    assertThrows(IllegalArgumentException.class, () -> Shamir.reconstruct(t, seenX, seenY));
    // Complete the t−1 observed shares with the secret s2 at x=0: a full, valid degree-(t−1) sharing of s2
    // that agrees with everything an adversary holding those t−1 shares saw.
    long[] px = Arrays.copyOf(seenX, t);
    BigInteger[] py = Arrays.copyOf(seenY, t);
    px[t - 1] = 0;
    py[t - 1] = s2;
    BigInteger[] other = new BigInteger[XS.length];
    for (int i = 0; i < XS.length; i++) {
      other[i] = Shamir.interpolate(px, py, XS[i]);
    }
    assertArrayEquals(seenY, Arrays.copyOf(other, t - 1));
    assertEquals(s2, Shamir.reconstruct(t, XS, other), "a consistent sharing of s2");
    assertEquals(s1, Shamir.reconstruct(t, XS, shares), "and of s1");
  }

  @Test
  void inconsistentExtraShareIsRefused() {
    SecureRandom r = SecAggHarness.seeded(3);
    BigInteger[] shares = Shamir.split(BigInteger.TEN, 3, XS, r);
    shares[5] = shares[5].add(BigInteger.ONE).mod(Shamir.PRIME);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shamir.reconstruct(3, XS, shares));
    assertTrue(e.getMessage().contains("x=" + XS[5]), e.getMessage());
  }

  @Test
  void encodingIsFixedWidthAndStrict() {
    BigInteger v = Shamir.PRIME.subtract(BigInteger.TWO);
    assertEquals(v, Shamir.decode(Shamir.encode(v), "share"));
    assertEquals(BigInteger.ZERO, Shamir.decode(Shamir.encode(BigInteger.ZERO), "share"));
    byte[] p = Shamir.encode(Shamir.PRIME.subtract(BigInteger.ONE));
    p[p.length - 1]++;
    assertThrows(IllegalArgumentException.class, () -> Shamir.decode(p, "share"));
    assertThrows(IllegalArgumentException.class, () -> Shamir.decode(new byte[65], "share"));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(Shamir.PRIME, 2, XS, new SecureRandom()));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(BigInteger.ONE, 2, new long[] {1, 1}, new SecureRandom()));
    assertThrows(IllegalArgumentException.class, () -> Shamir.split(BigInteger.ONE, 2, new long[] {0, 1}, new SecureRandom()));
  }

  @Property(tries = 40, seed = "42")
  void anyThresholdSubsetReconstructs(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int t,
      @ForAll @IntRange(min = 0, max = 5) int extra) {
    SecureRandom r = SecAggHarness.seeded(seed);
    BigInteger secret = randomSecret(r);
    int n = t + extra;
    long[] xs = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = 1 + i * 7L + (seed & 3);
    }
    BigInteger[] shares = Shamir.split(secret, t, xs, r);
    // A random subset of size t, in random order.
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    long[] sx = new long[t];
    BigInteger[] sy = new BigInteger[t];
    for (int i = 0; i < t; i++) {
      sx[i] = xs[perm[i]];
      sy[i] = shares[perm[i]];
    }
    assertEquals(secret, Shamir.reconstruct(t, sx, sy));
  }
}
