package org.probity.tensor;

/**
 * A seeded, splittable pseudo-random generator (SplitMix64; Steele, Lea and Flood 2014). Probity
 * has no global random state: every client, round and step draws from a stream derived from one
 * root seed with {@link #derive}, so a run repeats exactly whatever the thread count. The algorithm
 * is written out here rather than borrowed from the JDK so the streams stay the same across JVMs.
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long origin;
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  public Rng(long seed) {
    this.origin = mix(seed);
    this.state = origin;
  }

  private Rng(long origin, boolean raw) {
    this.origin = origin;
    this.state = origin;
  }

  /**
   * A child stream determined only by this generator's seed-path and {@code key}, not by how many
   * numbers were drawn from this one.
   */
  public Rng derive(long key) {
    return new Rng(mix(origin ^ mix(key + GOLDEN)), true);
  }

  /** A child stream named by a string (for example "client", "shuffle"). */
  public Rng derive(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return derive(h);
  }

  /**
   * Everything that determines this generator's future draws and derived streams, so that a stream
   * can be carried to another process (a federation client on another machine draws exactly what
   * the simulation's client would) or saved with a checkpoint.
   */
  public record State(long origin, long state, double spareGaussian, boolean hasSpare) {}

  /** This generator's current state; {@link #restore} makes a generator that continues identically. */
  public State snapshot() {
    return new State(origin, state, spareGaussian, hasSpare);
  }

  /** A generator in state {@code s}: the same draws and derived streams as the one it was taken from. */
  public static Rng restore(State s) {
    Rng r = new Rng(s.origin(), true);
    r.state = s.state();
    r.spareGaussian = s.spareGaussian();
    r.hasSpare = s.hasSpare();
    return r;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    // Lemire's nearly-divisionless method on the high 32 bits; unbiased by rejection.
    long m = (nextLong() >>> 32) * bound;
    long l = m & 0xFFFFFFFFL;
    if (l < bound) {
      long t = (0x100000000L - bound) % bound;
      while (l < t) {
        m = (nextLong() >>> 32) * bound;
        l = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in [0, 1) with 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal, by the Marsaglia polar method. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * f;
    hasSpare = true;
    return u * f;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
