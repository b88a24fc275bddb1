package org.probity.federated.privacy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.privacy.accountant.MechanismStep;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.accountant.RdpAccountant;
import org.probity.privacy.accountant.analysis.PrivateSelectionRdp;
import org.probity.privacy.accountant.analysis.Rdp;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * One silo's privacy bookkeeping, kept in its client state between rounds (DESIGN §3: "client state
 * (personal models, optimiser state, DP budget) is a value kept per client id"): the σ it was given
 * or calibrated once for its plan, its sampling rate q = B/n, δ, C, the DP-SGD steps and private
 * choices taken so far and those planned. The RDP accountant is rebuilt from these on demand (its
 * whole history is one homogeneous run of subsampled Gaussian steps plus exponential-mechanism
 * choices), so the state is a handful of numbers that spill to disk exactly ({@link #encode}).
 *
 * @param noiseMultiplier σ of every step (0: no noise, no guarantee)
 * @param sampleRate q = min(B, n)/n
 * @param delta δ of the reported ε
 * @param clipNorm C
 * @param steps DP-SGD steps taken
 * @param plannedSteps the steps σ was calibrated for (a calibrated silo never exceeds them)
 * @param selections private cluster choices taken
 * @param selectionEpsilon ε of each choice
 * @param cluster the last privately chosen cluster (IFCA), -1 for none
 * @param trainSize n, the silo's training examples
 */
public record SiloLedger(double noiseMultiplier, double sampleRate, double delta, double clipNorm, long steps,
    long plannedSteps, long selections, double selectionEpsilon, int cluster, int trainSize) {
  private static final int FIELDS = 10;
  private static final int CHUNKS = 4;
  /**
   * One step's RDP curve by (σ, q): the fractional-order series costs milliseconds, and every silo
   * reports its ε after every round with the same (σ, q), so it is computed once per silo.
   */
  private static final Map<List<Double>, double[]> STEP_CURVES = new ConcurrentHashMap<>();

  public SiloLedger {
    if (steps < 0 || selections < 0 || plannedSteps < 0) {
      throw new IllegalArgumentException("silo ledger: steps, planned steps and selections must be >= 0, got " + steps
          + ", " + plannedSteps + ", " + selections);
    }
  }

  public SiloLedger withSteps(long more) {
    return new SiloLedger(noiseMultiplier, sampleRate, delta, clipNorm, Math.addExact(steps, more), plannedSteps,
        selections, selectionEpsilon, cluster, trainSize);
  }

  /** One more private choice, which picked {@code chosen}. */
  public SiloLedger withSelection(int chosen) {
    return new SiloLedger(noiseMultiplier, sampleRate, delta, clipNorm, steps, plannedSteps, selections + 1,
        selectionEpsilon, chosen, trainSize);
  }

  /** The steps so far as the accountant's history entry. */
  public MechanismStep mechanismStep() {
    return new MechanismStep(noiseMultiplier, sampleRate, steps);
  }

  /**
   * An RDP accountant holding everything this silo has released: its DP-SGD steps and, composed in
   * RDP, its private choices (α·ε²/8 each, as MR-MTL's {@code compute_eps}). Empty when σ = 0.
   */
  public RdpAccountant accountant() {
    RdpAccountant a = new RdpAccountant();
    if (noiseMultiplier > 0 && steps > 0) {
      a.step(noiseMultiplier, sampleRate, steps);
    }
    if (selections > 0) {
      a.compose(PrivateSelectionRdp.exponentialMechanism(selectionEpsilon, selections, a.orders()));
    }
    return a;
  }

  /** (ε, δ) spent so far: 0 before any release, +∞ once a step without noise (σ = 0) was taken. */
  public PrivacySpent spent() {
    if (steps > 0 && noiseMultiplier == 0) {
      return new PrivacySpent(Double.POSITIVE_INFINITY, delta, Double.NaN);
    }
    if (steps == 0 && selections == 0) {
      return new PrivacySpent(0, delta, Double.NaN);
    }
    // What accountant().spent(δ) computes, in the same order of operations, from the cached curve.
    double[] orders = Rdp.DEFAULT_ORDERS;
    double[] rdp = new double[orders.length];
    if (noiseMultiplier > 0 && steps > 0) {
      double[] curve = STEP_CURVES.computeIfAbsent(List.of(noiseMultiplier, sampleRate),
          k -> Rdp.sampledGaussian(sampleRate, noiseMultiplier, 1, orders));
      for (int i = 0; i < rdp.length; i++) {
        rdp[i] += curve[i] * steps;
      }
    }
    if (selections > 0) {
      double[] choice = PrivateSelectionRdp.exponentialMechanism(selectionEpsilon, selections, orders);
      for (int i = 0; i < rdp.length; i++) {
        rdp[i] += choice[i];
      }
    }
    return Rdp.toEpsilon(orders, rdp, delta);
  }

  /**
   * The ledger as a float tensor that round-trips bit for bit: each double is cut into four 16-bit
   * pieces, each an integer a float holds exactly, so a state store that keeps {@code Params} as
   * float32 (DiskSpillingStateStore) keeps the ledger exactly too.
   */
  public Tensor encode() {
    double[] v = {noiseMultiplier, sampleRate, delta, clipNorm, steps, plannedSteps, selections, selectionEpsilon,
        cluster, trainSize};
    float[] out = new float[FIELDS * CHUNKS];
    for (int i = 0; i < FIELDS; i++) {
      long bits = Double.doubleToRawLongBits(v[i]);
      for (int c = 0; c < CHUNKS; c++) {
        out[i * CHUNKS + c] = (float) ((bits >>> (16 * c)) & 0xFFFF);
      }
    }
    return Tensor.wrap(out, Shape.of(out.length));
  }

  /** The inverse of {@link #encode}. */
  public static SiloLedger decode(Tensor t) {
    float[] d = t.data();
    if (d.length != FIELDS * CHUNKS) {
      throw new IllegalArgumentException("silo ledger: expected " + FIELDS * CHUNKS + " encoded values, got "
          + d.length);
    }
    double[] v = new double[FIELDS];
    for (int i = 0; i < FIELDS; i++) {
      long bits = 0;
      for (int c = 0; c < CHUNKS; c++) {
        bits |= ((long) d[i * CHUNKS + c]) << (16 * c);
      }
      v[i] = Double.longBitsToDouble(bits);
    }
    return new SiloLedger(v[0], v[1], v[2], v[3], (long) v[4], (long) v[5], (long) v[6], v[7], (int) v[8],
        (int) v[9]);
  }
}
