package org.probity.core.multiobjective;

/**
 * Balanced discrete optimal transport: the plan Γ ≥ 0 with row sums a and column sums b that
 * minimises ⟨Γ, C⟩. MosT (Li et al., "Many-Objective Multi-Solution Transport", ICLR 2025; code
 * tianyi-lab/MosT {@code ipot.py}) uses it as the upper level that matches n objectives to m
 * solutions; its default solver is IPOT (Xie, Wang, Wang and Zha, "A Fast Proximal Point Method for
 * Computing Exact Wasserstein Distance", UAI 2019): proximal-point steps with a KL proximity term,
 * {@code Q = exp(−C/β) ∘ Γ_t}, followed by L Sinkhorn scalings of Q, which converges to the exact
 * (unregularised) optimum rather than to the blurred entropic one. Entropic Sinkhorn (Cuturi, NeurIPS
 * 2013) is offered as the cheaper, smoother alternative. Both run in the log domain so that small β
 * or large costs cannot underflow a whole row of the kernel to zero.
 */
public final class OptimalTransport {
  /** Relative tolerance for Σa = Σb. */
  private static final double MASS_TOLERANCE = 1e-9;
  /** Cap on the final projection's scalings (it usually stops after a few). */
  private static final int PROJECTION_STEPS = 10_000;

  /** Which solver computes Γ. */
  public enum Method {
    /** Proximal point (exact optimum in the limit). */
    IPOT,
    /** Entropic regularisation (optimum of ⟨Γ, C⟩ − ε H(Γ)). */
    SINKHORN
  }

  private OptimalTransport() {}

  /** Dispatches to {@link #ipot} (one Sinkhorn scaling per proximal step, as in MosT) or {@link #sinkhorn}. */
  public static double[][] solve(Method method, double[][] cost, double[] a, double[] b, double beta, int iterations) {
    return method == Method.IPOT ? ipot(cost, a, b, beta, iterations, 1) : sinkhorn(cost, a, b, beta, iterations);
  }

  /**
   * IPOT: {@code iterations} proximal-point steps of size β, each with {@code innerScalings}
   * Sinkhorn scalings (MosT: β = 0.01, 200 steps, 1 scaling), then scaled towards both marginals
   * (up to 10,000 scalings of the plan itself, stopping once the rows match a to 1e-12 of the mass;
   * columns match b after every scaling). On costs normalised to sum 1, as MosT uses it, both
   * marginals then hold to rounding.
   */
  public static double[][] ipot(double[][] cost, double[] a, double[] b, double beta, int iterations,
      int innerScalings) {
    int n = validate("ipot", cost, a, b, beta, iterations);
    if (innerScalings < 1) {
      throw new IllegalArgumentException("ipot: innerScalings must be >= 1, got " + innerScalings);
    }
    int m = b.length;
    double[] logA = logs(a);
    double[] logB = logs(b);
    double[][] logP = new double[n][m];
    double[][] logQ = new double[n][m];
    double[] f = new double[n];
    double[] g = new double[m];
    double[] col = new double[n];
    for (int t = 0; t < iterations; t++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          logQ[i][j] = logP[i][j] - cost[i][j] / beta;
        }
      }
      for (int l = 0; l < innerScalings; l++) {
        scaleRows(logQ, g, logA, f);
        scaleColumns(logQ, f, logB, g, col);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          logP[i][j] = f[i] + logQ[i][j] + g[j];
        }
      }
    }
    // With one scaling per step the rows can still be off after the last step (far off when C/β is
    // large, as each step then barely moves); a final KL projection of the plan onto the marginals
    // makes the result feasible without changing which entries carry the mass. (ipot.py returns the
    // last iterate as is.)
    return project(logP, logA, logB, sum(a));
  }

  /** Sinkhorn scalings of a plan (no kernel) until its rows match a to 1e-12 of the total mass. */
  private static double[][] project(double[][] logP, double[] logA, double[] logB, double total) {
    int n = logP.length;
    int m = logB.length;
    double[] f = new double[n];
    double[] g = new double[m];
    double[] col = new double[n];
    double[] row = new double[m];
    for (int t = 0; t < PROJECTION_STEPS; t++) {
      scaleRows(logP, g, logA, f);
      scaleColumns(logP, f, logB, g, col);
      double err = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          row[j] = f[i] + logP[i][j] + g[j];
        }
        err += Math.abs(Math.exp(logSumExp(row, m) - logA[i]) - 1) * Math.exp(logA[i]);
      }
      if (err <= 1e-12 * total) {
        break;
      }
    }
    double[][] p = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        p[i][j] = Math.exp(f[i] + logP[i][j] + g[j]);
      }
    }
    return p;
  }

  /**
   * Entropic optimal transport by log-domain Sinkhorn scaling with regularisation ε: at most
   * {@code iterations} row/column scalings, stopping early once the row sums match a to 1e-12
   * (relative to the total mass).
   */
  public static double[][] sinkhorn(double[][] cost, double[] a, double[] b, double epsilon, int iterations) {
    int n = validate("sinkhorn", cost, a, b, epsilon, iterations);
    int m = b.length;
    double[] logA = logs(a);
    double[] logB = logs(b);
    double[][] logK = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        logK[i][j] = -cost[i][j] / epsilon;
      }
    }
    double total = sum(a);
    double[] f = new double[n];
    double[] g = new double[m];
    double[] col = new double[n];
    double[] row = new double[m];
    for (int t = 0; t < iterations; t++) {
      scaleRows(logK, g, logA, f);
      scaleColumns(logK, f, logB, g, col);
      // After the column scaling, rows are the only marginal that can be off.
      double err = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          row[j] = f[i] + logK[i][j] + g[j];
        }
        err += Math.abs(Math.exp(logSumExp(row, m)) - a[i]);
      }
      if (err <= 1e-12 * total) {
        break;
      }
    }
    double[][] p = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        p[i][j] = Math.exp(f[i] + logK[i][j] + g[j]);
      }
    }
    return p;
  }

  /** ⟨Γ, C⟩. */
  public static double cost(double[][] plan, double[][] cost) {
    if (plan.length != cost.length) {
      throw new IllegalArgumentException("transport cost: plan has " + plan.length + " rows, cost " + cost.length);
    }
    double s = 0;
    for (int i = 0; i < plan.length; i++) {
      if (plan[i].length != cost[i].length) {
        throw new IllegalArgumentException("transport cost: row " + i + " has " + plan[i].length
            + " plan entries and " + cost[i].length + " costs");
      }
      for (int j = 0; j < plan[i].length; j++) {
        s += plan[i][j] * cost[i][j];
      }
    }
    return s;
  }

  // f_i = log a_i − log Σ_j exp(logK_ij + g_j)
  private static void scaleRows(double[][] logK, double[] g, double[] logA, double[] f) {
    int m = g.length;
    double[] buf = new double[m];
    for (int i = 0; i < logK.length; i++) {
      for (int j = 0; j < m; j++) {
        buf[j] = logK[i][j] + g[j];
      }
      f[i] = logA[i] - logSumExp(buf, m);
    }
  }

  // g_j = log b_j − log Σ_i exp(logK_ij + f_i)
  private static void scaleColumns(double[][] logK, double[] f, double[] logB, double[] g, double[] buf) {
    int n = f.length;
    for (int j = 0; j < g.length; j++) {
      for (int i = 0; i < n; i++) {
        buf[i] = logK[i][j] + f[i];
      }
      g[j] = logB[j] - logSumExp(buf, n);
    }
  }

  private static double logSumExp(double[] v, int len) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < len; k++) {
      max = Math.max(max, v[k]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (int k = 0; k < len; k++) {
      s += Math.exp(v[k] - max);
    }
    return max + Math.log(s);
  }

  private static int validate(String op, double[][] cost, double[] a, double[] b, double reg, int iterations) {
    int n = cost.length;
    if (n == 0 || b.length == 0) {
      throw new IllegalArgumentException(op + ": empty problem, cost has " + n + " rows and b has " + b.length
          + " entries");
    }
    if (a.length != n) {
      throw new IllegalArgumentException(op + ": a has " + a.length + " entries but cost has " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (cost[i].length != b.length) {
        throw new IllegalArgumentException(op + ": cost row " + i + " has " + cost[i].length + " entries but b has "
            + b.length);
      }
      for (int j = 0; j < b.length; j++) {
        double c = cost[i][j];
        if (!(c >= 0) || Double.isInfinite(c)) {
          throw new IllegalArgumentException(op + ": cost[" + i + "][" + j + "] = " + c
              + ", expected a finite value >= 0");
        }
      }
    }
    checkMarginal(op, "a", a);
    checkMarginal(op, "b", b);
    double sa = sum(a);
    double sb = sum(b);
    if (Math.abs(sa - sb) > MASS_TOLERANCE * Math.max(sa, sb)) {
      throw new IllegalArgumentException(op + ": marginals carry different mass, sum(a) = " + sa + ", sum(b) = " + sb
          + " (balanced transport needs them equal)");
    }
    if (!(reg > 0) || Double.isInfinite(reg)) {
      throw new IllegalArgumentException(op + ": regularisation/step must be finite and > 0, got " + reg);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException(op + ": iterations must be >= 1, got " + iterations);
    }
    return n;
  }

  private static void checkMarginal(String op, String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > 0) || Double.isInfinite(v[i])) {
        throw new IllegalArgumentException(op + ": " + name + "[" + i + "] = " + v[i] + ", expected finite and > 0");
      }
    }
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  private static double[] logs(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.log(v[i]);
    }
    return out;
  }

  private static double[][] exp(double[][] logP) {
    double[][] p = new double[logP.length][];
    for (int i = 0; i < logP.length; i++) {
      p[i] = new double[logP[i].length];
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = Math.exp(logP[i][j]);
      }
    }
    return p;
  }
}
