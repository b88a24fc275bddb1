package org.probity.core.optim;

/**
 * Argument checks shared by the transforms, optimisers and schedules, so that every bad
 * hyper-parameter fails at construction with a message naming the op, the parameter and the value
 * ("adam: b1 must be in [0, 1), got 1.0") rather than as NaN parameters hundreds of steps later.
 */
final class Checks {
  private Checks() {}

  static double finite(String op, String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(op + ": " + name + " must be a finite number, got " + v);
    }
    return v;
  }

  static double nonNegative(String op, String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(op + ": " + name + " must be a finite number >= 0, got " + v);
    }
    return v;
  }

  static double positive(String op, String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(op + ": " + name + " must be a finite number > 0, got " + v);
    }
    return v;
  }

  /** A decay rate or momentum: 0 <= v < 1 (1 would never forget, and bias correction divides by 0). */
  static double unitInterval(String op, String name, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(op + ": " + name + " must be in [0, 1), got " + v);
    }
    return v;
  }

  static int positiveInt(String op, String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(op + ": " + name + " must be > 0, got " + v);
    }
    return v;
  }

  static <T> T notNull(String op, String name, T v) {
    if (v == null) {
      throw new IllegalArgumentException(op + ": " + name + " must not be null");
    }
    return v;
  }
}
