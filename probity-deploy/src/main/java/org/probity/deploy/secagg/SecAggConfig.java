package org.probity.deploy.secagg;

/**
 * The fixed parameters of a secure-aggregation deployment (Bonawitz et al., "Practical Secure Aggregation
 * for Privacy-Preserving Machine Learning", CCS 2017): the update length, the fixed-point encoding of
 * updates into Z_{2^32} (f fractional bits, coordinates clipped to [−maxAbs, maxAbs]), the largest
 * cohort, and the Shamir threshold t. Masked arithmetic wraps mod 2^32, so the sum of a round is only
 * meaningful if it cannot leave the signed 32-bit range: the constructor refuses any configuration with
 * maxClients·maxAbs·2^f ≥ 2^31 rather than let a round return a wrapped, wrong sum.
 *
 * <p>The threshold t is the number of surviving clients the server needs to unmask a round; fewer than t
 * colluding clients plus the server learn nothing about an honest client's input. Each round additionally
 * requires n/2 &lt; t ≤ n for its n participants (see {@link #checkRound}); {@link #majority} gives the
 * smallest such t.
 *
 * @param vectorLength number of coordinates of every update, ≥ 1
 * @param fractionalBits f in [0, 30]: updates are multiples of 2^−f after quantization
 * @param maxAbs coordinates are clipped to [−maxAbs, maxAbs] before quantization; finite and &gt; 0
 * @param maxClients the largest number of participants in a round, ≥ 2
 * @param threshold t, the Shamir threshold, 2 ≤ t ≤ maxClients
 */
public record SecAggConfig(int vectorLength, int fractionalBits, double maxAbs, int maxClients, int threshold) {
  /** Largest vector length a single message can carry (4 bytes per coordinate plus headers). */
  public static final int MAX_VECTOR_LENGTH = (Integer.MAX_VALUE - 1024) / 4;

  public SecAggConfig {
    String op = "secagg config";
    if (vectorLength < 1 || vectorLength > MAX_VECTOR_LENGTH) {
      throw new IllegalArgumentException(op + ": vectorLength must be in [1, " + MAX_VECTOR_LENGTH + "], got "
          + vectorLength);
    }
    if (fractionalBits < 0 || fractionalBits > 30) {
      throw new IllegalArgumentException(op + ": fractionalBits must be in [0, 30], got " + fractionalBits);
    }
    if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
      throw new IllegalArgumentException(op + ": maxAbs must be finite and > 0, got " + maxAbs);
    }
    if (maxClients < 2) {
      throw new IllegalArgumentException(op + ": maxClients must be >= 2 (one client's sum is its input), got "
          + maxClients);
    }
    if (threshold < 2 || threshold > maxClients) {
      throw new IllegalArgumentException(op + ": threshold t must be in [2, maxClients=" + maxClients + "], got "
          + threshold);
    }
    double scaledBound = (double) maxClients * maxAbs * Math.scalb(1.0, fractionalBits);
    long qmax = scaledBound < 0x1p31 ? Math.round(maxAbs * Math.scalb(1.0, fractionalBits)) : Long.MAX_VALUE;
    if (!(scaledBound < 0x1p31) || (double) qmax * maxClients > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(op + ": maxClients·maxAbs·2^f = " + maxClients + "·" + maxAbs + "·2^"
          + fractionalBits + " = " + scaledBound + " must be < 2^31 = 2147483648, or the masked sum could overflow"
          + " Z_2^32; lower fractionalBits, maxAbs or maxClients");
    }
  }

  /** A configuration with the smallest majority threshold for {@code maxClients}: t = ⌊maxClients/2⌋ + 1. */
  public static SecAggConfig of(int vectorLength, int fractionalBits, double maxAbs, int maxClients) {
    return new SecAggConfig(vectorLength, fractionalBits, maxAbs, maxClients, majority(Math.max(maxClients, 2)));
  }

  /** ⌊n/2⌋ + 1, the smallest threshold this implementation accepts for a round of n participants (n ≥ 3). */
  public static int majority(int n) {
    return Math.max(2, n / 2 + 1);
  }

  /** The same configuration with another threshold. */
  public SecAggConfig withThreshold(int t) {
    return new SecAggConfig(vectorLength, fractionalBits, maxAbs, maxClients, t);
  }

  /** round(maxAbs·2^f), the largest |q(x_i)|. */
  public long maxQuantized() {
    return Math.round(maxAbs * Math.scalb(1.0, fractionalBits));
  }

  /**
   * Checks that a round of {@code n} participants is allowed: n ≤ maxClients (no overflow) and
   * n/2 &lt; t ≤ n (the round can complete, and a minority cannot unmask).
   */
  public void checkRound(int n) {
    if (n > maxClients) {
      throw new IllegalArgumentException("secagg round: " + n + " participants exceed maxClients=" + maxClients
          + " (the sum could overflow)");
    }
    if (threshold > n) {
      throw new IllegalArgumentException("secagg round: threshold t=" + threshold + " exceeds the " + n
          + " participants; the round could never be unmasked");
    }
    if (2 * threshold <= n) {
      throw new IllegalArgumentException("secagg round: threshold t=" + threshold + " must exceed n/2 for n=" + n
          + " participants (use t >= " + majority(n) + ")");
    }
  }
}
