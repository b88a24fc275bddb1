package org.probity.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function2;

/**
 * The partial FedAvg sum Σ_k (n_k / n) w_k in double, built on the executors by treeAggregate so
 * that only one model-sized vector per partition, not one per client, reaches the driver. Each
 * reply adds exactly the terms {@code ParamMath.weightedSum} adds (same weights n_k / n, same
 * element order); only the order in which the partial sums are added differs (by partition, then
 * by tree), so the float result equals the simulation's except where a double sum lies within a
 * few double ulps of a float rounding boundary.
 */
final class FedAvgSum implements Serializable {
  private static final long serialVersionUID = 1L;

  double[] acc;

  /** Adds accepted (finite) fit replies; other rows pass. */
  static final class Add implements Function2<FedAvgSum, PassRow, FedAvgSum> {
    private static final long serialVersionUID = 1L;
    private final double total;
    private final int n;

    Add(double total, int n) {
      this.total = total;
      this.n = n;
    }

    @Override
    public FedAvgSum call(FedAvgSum s, PassRow r) {
      if (r.kind != PassRow.FIT || !r.finite) {
        return s;
      }
      if (r.count != n) {
        throw new IllegalStateException("fedavg tree aggregate: client " + r.clientId + " replied " + r.count
            + " parameters, the global model has " + n);
      }
      if (s.acc == null) {
        s.acc = new double[n];
      }
      r.params.addScaledTo(s.acc, r.numExamples / total);
      return s;
    }
  }

  static final class Merge implements Function2<FedAvgSum, FedAvgSum, FedAvgSum> {
    private static final long serialVersionUID = 1L;

    @Override
    public FedAvgSum call(FedAvgSum a, FedAvgSum b) {
      if (a.acc == null) {
        return b;
      }
      if (b.acc != null) {
        for (int i = 0; i < a.acc.length; i++) {
          a.acc[i] += b.acc[i];
        }
      }
      return a;
    }
  }
}
