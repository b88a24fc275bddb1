package org.probity.tensor;

import java.util.Arrays;

/**
 * The immutable shape of a {@link Tensor}: its dimensions in row-major order. A rank-0 shape is a
 * scalar of size one. Broadcasting follows NumPy's rules (align trailing dimensions; a dimension of
 * size one stretches), so that errors read the same as in the libraries users already know.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(dims));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
      }
    }
    this.size = (int) n;
  }

  /** A shape with the given dimensions (copied). */
  public static Shape of(int... dims) {
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  /** Number of elements. */
  public int size() {
    return size;
  }

  /** The dimension at {@code axis}; negative axes count from the end. */
  public int dim(int axis) {
    return dims[axis(axis)];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** Normalises a possibly negative axis, failing with the shape in the message when out of range. */
  public int axis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException("axis " + axis + " out of range for shape " + this);
    }
    return a;
  }

  /** Row-major strides, in elements. */
  public int[] strides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** Product of the dimensions before {@code axis} (exclusive). */
  public int outer(int axis) {
    int a = axis(axis);
    int n = 1;
    for (int i = 0; i < a; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Product of the dimensions after {@code axis} (exclusive). */
  public int inner(int axis) {
    int a = axis(axis);
    int n = 1;
    for (int i = a + 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** This shape with dimension {@code axis} replaced by {@code value}. */
  public Shape with(int axis, int value) {
    int[] d = dims.clone();
    d[axis(axis)] = value;
    return new Shape(d);
  }

  /** This shape without dimension {@code axis}. */
  public Shape without(int axis) {
    int a = axis(axis);
    int[] d = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        d[j++] = dims[i];
      }
    }
    return d.length == 0 ? SCALAR : new Shape(d);
  }

  /**
   * The broadcast of two shapes under NumPy's rules.
   *
   * @param op the operation's name, for the error message
   * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
      int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return of(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
