package org.probity.tensor.ops;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Elementwise binary ops (add, sub, mul, div, maximum, minimum) with NumPy broadcasting. The
 * common layouts get direct loops that the JIT vectorises: equal shapes, a one-element operand,
 * and a bias ({@code [..., n] op [n]}, or any operand equal to the other's trailing dimensions);
 * everything else goes through {@link Broadcast.Plan}, which reduces the broadcast to runs of
 * contiguous-or-constant operands. The backward rules sum each input's gradient over the
 * dimensions it was broadcast along ({@link Broadcast#reduceTo}).
 */
public final class Binary {
  private Binary() {}

  static final int ADD = 0;
  static final int SUB = 1;
  static final int MUL = 2;
  static final int DIV = 3;
  static final int MAX = 4;
  static final int MIN = 5;
  /** 1 where a >= b, else 0: which input maximum's gradient goes to (the first on ties). */
  static final int GE = 6;
  /** 1 where a <= b, else 0: which input minimum's gradient goes to (the first on ties). */
  static final int LE = 7;

  public static Tensor add(Tensor a, Tensor b) {
    Shape out = Shape.broadcast("add", a.shape(), b.shape());
    Tensor y = Tensor.wrap(apply(ADD, a, b, out), out);
    Shape as = a.shape();
    Shape bs = b.shape();
    return Tape.record("add", y, g -> new Tensor[] {Broadcast.reduceTo(g, as), Broadcast.reduceTo(g, bs)}, a, b);
  }

  public static Tensor sub(Tensor a, Tensor b) {
    Shape out = Shape.broadcast("sub", a.shape(), b.shape());
    Tensor y = Tensor.wrap(apply(SUB, a, b, out), out);
    Shape as = a.shape();
    Shape bs = b.shape();
    return Tape.record("sub", y,
        g -> new Tensor[] {Broadcast.reduceTo(g, as), negated(Broadcast.reduceTo(g, bs))}, a, b);
  }

  public static Tensor mul(Tensor a, Tensor b) {
    Shape out = Shape.broadcast("mul", a.shape(), b.shape());
    Tensor y = Tensor.wrap(apply(MUL, a, b, out), out);
    return Tape.record("mul", y, g -> new Tensor[] {
        Broadcast.reduceTo(Tensor.wrap(apply(MUL, g, b, out), out), a.shape()),
        Broadcast.reduceTo(Tensor.wrap(apply(MUL, g, a, out), out), b.shape())}, a, b);
  }

  public static Tensor div(Tensor a, Tensor b) {
    Shape out = Shape.broadcast("div", a.shape(), b.shape());
    float[] yd = apply(DIV, a, b, out);
    Tensor y = Tensor.wrap(yd, out);
    return Tape.record("div", y, g -> {
      // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -(g/b)·y, which reuses the forward output.
      float[] t = apply(DIV, g, b, out);
      float[] tb = new float[t.length];
      for (int i = 0; i < t.length; i++) {
        tb[i] = -t[i] * yd[i];
      }
      return new Tensor[] {Broadcast.reduceTo(Tensor.wrap(t, out), a.shape()),
          Broadcast.reduceTo(Tensor.wrap(tb, out), b.shape())};
    }, a, b);
  }

  /** Elementwise maximum (NaN propagates); the gradient goes to the larger input, the first on ties. */
  public static Tensor maximum(Tensor a, Tensor b) {
    return select("maximum", MAX, GE, a, b);
  }

  /** Elementwise minimum (NaN propagates); the gradient goes to the smaller input, the first on ties. */
  public static Tensor minimum(Tensor a, Tensor b) {
    return select("minimum", MIN, LE, a, b);
  }

  private static Tensor select(String name, int op, int mask, Tensor a, Tensor b) {
    Shape out = Shape.broadcast(name, a.shape(), b.shape());
    Tensor y = Tensor.wrap(apply(op, a, b, out), out);
    return Tape.record(name, y, g -> {
      float[] m = apply(mask, a, b, out);
      float[] gd = g.data();
      float[] gb = new float[m.length];
      for (int i = 0; i < m.length; i++) {
        float ga = gd[i] * m[i];
        gb[i] = gd[i] - ga;
        m[i] = ga;
      }
      return new Tensor[] {Broadcast.reduceTo(Tensor.wrap(m, out), a.shape()),
          Broadcast.reduceTo(Tensor.wrap(gb, out), b.shape())};
    }, a, b);
  }

  private static Tensor negated(Tensor g) {
    float[] d = g.data();
    float[] o = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      o[i] = -d[i];
    }
    return Tensor.wrap(o, g.shape());
  }

  /** {@code a op b} broadcast to {@code out} (already validated), into a new array. */
  static float[] apply(int op, Tensor a, Tensor b, Shape out) {
    Shape as = a.shape();
    Shape bs = b.shape();
    float[] x = a.data();
    float[] y = b.data();
    int n = out.size();
    float[] o = new float[n];
    if (n == 0) {
      return o;
    }
    boolean aFull = as.equals(out);
    boolean bFull = bs.equals(out);
    if (aFull && bFull) {
      kernel(op, x, 0, true, y, 0, true, o, 0, n);
    } else if (aFull && y.length == 1) {
      kernel(op, x, 0, true, y, 0, false, o, 0, n);
    } else if (bFull && x.length == 1) {
      kernel(op, x, 0, false, y, 0, true, o, 0, n);
    } else if (aFull && isSuffix(bs, as)) {
      int m = y.length;
      for (int r = 0; r < n; r += m) {
        kernel(op, x, r, true, y, 0, true, o, r, m);
      }
    } else if (bFull && isSuffix(as, bs)) {
      int m = x.length;
      for (int r = 0; r < n; r += m) {
        kernel(op, x, 0, true, y, r, true, o, r, m);
      }
    } else {
      Broadcast.Plan p = new Broadcast.Plan(out, as, bs);
      int m = p.inner;
      boolean av = p.innerVec[0];
      boolean bv = p.innerVec[1];
      for (int r = 0, oo = 0; r < p.rows; r++, oo += m) {
        kernel(op, x, p.off[0], av, y, p.off[1], bv, o, oo, m);
        p.advance();
      }
    }
    return o;
  }

  /** Whether {@code s}, ignoring leading ones, equals the trailing dimensions of {@code full}. */
  private static boolean isSuffix(Shape s, Shape full) {
    int r = s.rank();
    int lead = 0;
    while (lead < r && s.dim(lead) == 1) {
      lead++;
    }
    int k = r - lead;
    if (k > full.rank() || s.size() == 0) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      if (s.dim(lead + i) != full.dim(full.rank() - k + i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code o[oo+i] = x[xo+i?] op y[yo+i?]} for i < n, where an operand marked not vectorial stays
   * on its one element. Each op has its own small method with one branch-free loop per layout:
   * one method holding every loop grows too large for the JIT to unroll and vectorise them.
   */
  private static void kernel(int op, float[] x, int xo, boolean xv, float[] y, int yo, boolean yv,
      float[] o, int oo, int n) {
    if (!xv && !yv) {
      // Both operands constant over the run (a plan only makes such runs one element long).
      for (int i = 0; i < n; i++) {
        kernel(op, x, xo, true, y, yo, true, o, oo + i, 1);
      }
      return;
    }
    switch (op) {
      case ADD -> add(x, xo, xv, y, yo, yv, o, oo, n);
      case SUB -> sub(x, xo, xv, y, yo, yv, o, oo, n);
      case MUL -> mul(x, xo, xv, y, yo, yv, o, oo, n);
      case DIV -> div(x, xo, xv, y, yo, yv, o, oo, n);
      case MAX -> max(x, xo, xv, y, yo, yv, o, oo, n);
      case MIN -> min(x, xo, xv, y, yo, yv, o, oo, n);
      case GE -> ge(x, xo, xv, y, yo, yv, o, oo, n);
      case LE -> le(x, xo, xv, y, yo, yv, o, oo, n);
      default -> throw new IllegalStateException("unknown binary op " + op);
    }
  }

  private static void add(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] + y[yo + i];
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] + c;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c + y[yo + i];
      }
    }
  }

  private static void sub(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] - y[yo + i];
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] - c;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c - y[yo + i];
      }
    }
  }

  private static void mul(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] * y[yo + i];
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] * c;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c * y[yo + i];
      }
    }
  }

  private static void div(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] / y[yo + i];
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] / c;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c / y[yo + i];
      }
    }
  }

  private static void max(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.max(x[xo + i], y[yo + i]);
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.max(x[xo + i], c);
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.max(c, y[yo + i]);
      }
    }
  }

  private static void min(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.min(x[xo + i], y[yo + i]);
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.min(x[xo + i], c);
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = Math.min(c, y[yo + i]);
      }
    }
  }

  private static void ge(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] >= y[yo + i] ? 1f : 0f;
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] >= c ? 1f : 0f;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c >= y[yo + i] ? 1f : 0f;
      }
    }
  }

  private static void le(float[] x, int xo, boolean xv, float[] y, int yo, boolean yv, float[] o, int oo, int n) {
    if (xv && yv) {
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] <= y[yo + i] ? 1f : 0f;
      }
    } else if (xv) {
      float c = y[yo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = x[xo + i] <= c ? 1f : 0f;
      }
    } else {
      float c = x[xo];
      for (int i = 0; i < n; i++) {
        o[oo + i] = c <= y[yo + i] ? 1f : 0f;
      }
    }
  }
}
