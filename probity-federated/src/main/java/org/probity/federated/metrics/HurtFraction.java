package org.probity.federated.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How many clients a method makes worse off than a baseline (FedAvg, or purely local training) on
 * the same clients: the per-client view that averages hide, following the observation in the
 * personalised FL literature (e.g. "Motley", Wu et al. 2022) that a method can win on mean accuracy
 * while hurting a sizeable share of clients. A client is hurt when its value under the method is
 * strictly below its baseline value minus {@code tolerance}; {@code meanGain} is the mean over
 * clients of (method − baseline), and {@code hurtClients} the hurt ids in ascending order.
 * Values are "higher is better" (accuracy); for a loss, swap the arguments.
 */
public record HurtFraction(int clients, int hurt, double fraction, double meanGain, double tolerance,
    List<Integer> hurtClients) {
  public HurtFraction {
    hurtClients = List.copyOf(hurtClients);
  }

  /** {@link #of(Map, Map, double)} with tolerance 0: any strict drop counts. */
  public static HurtFraction of(Map<Integer, Double> method, Map<Integer, Double> baseline) {
    return of(method, baseline, 0);
  }

  /**
   * Compares {@code method} against {@code baseline}, both keyed by client id over exactly the same
   * clients; a mismatch is an error naming the ids that only one side has.
   */
  public static HurtFraction of(Map<Integer, Double> method, Map<Integer, Double> baseline, double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("hurt fraction: tolerance must be finite and >= 0, got " + tolerance);
    }
    if (!method.keySet().equals(baseline.keySet())) {
      TreeSet<Integer> onlyMethod = new TreeSet<>(method.keySet());
      onlyMethod.removeAll(baseline.keySet());
      TreeSet<Integer> onlyBaseline = new TreeSet<>(baseline.keySet());
      onlyBaseline.removeAll(method.keySet());
      throw new IllegalArgumentException("hurt fraction: method and baseline cover different clients (only in method: "
          + onlyMethod + ", only in baseline: " + onlyBaseline + ")");
    }
    if (method.isEmpty()) {
      throw new IllegalArgumentException("hurt fraction: no clients");
    }
    List<Integer> hurt = new ArrayList<>();
    double gain = 0;
    for (Map.Entry<Integer, Double> e : new TreeMap<>(method).entrySet()) {
      int id = e.getKey();
      double m = value(e.getValue(), "method", id);
      double b = value(baseline.get(id), "baseline", id);
      gain += m - b;
      if (m < b - tolerance) {
        hurt.add(id);
      }
    }
    int n = method.size();
    return new HurtFraction(n, hurt.size(), (double) hurt.size() / n, gain / n, tolerance, hurt);
  }

  private static double value(Double v, String side, int id) {
    if (v == null || !Double.isFinite(v)) {
      throw new IllegalArgumentException("hurt fraction: " + side + " value of client " + id + " is " + v);
    }
    return v;
  }
}
