package org.probity.privacy.accountant;

import org.probity.privacy.accountant.analysis.Rdp;
import org.probity.privacy.mechanism.BoundedGaussian;

/**
 * Per-instance (data-dependent, ex-post) accounting for full-batch DP-GD with a bounded-support
 * Gaussian, as in Hu, Guo, Wang et al., "Privacy Amplification for the Gaussian Mechanism via
 * Bounded Support" (arXiv 2403.05598) and their {@code bounded_gaussian_dp_raft.py}: at every step
 * the exact RDP of each coordinate is evaluated at that coordinate's summed clipped gradient c (the
 * value before noise), summed over coordinates, and composed over steps into an
 * {@link RdpAccountant}, whose {@link Rdp#toEpsilon} conversion gives (ε, δ).
 *
 * <p>What the number means matters: it is a guarantee for this dataset and this trajectory (the
 * release's RDP depends on c), not a worst case over all datasets, and the c's themselves are not
 * released; the official code accounts the same way. There is no subsampling (q = 1): the per-step
 * curve is the full-batch mechanism's. Two deliberate differences from that code: c is used exactly
 * rather than rounded to a 0.1 grid (rounding is not conservative), and c is not clamped to
 * [−100, 99.9].
 */
public final class BoundedGaussianAccountant {
  private final BoundedGaussian mechanism;
  private final RdpAccountant target;
  private final double[] orders;
  private long steps;
  private double[] lastCurve;

  /** A fresh {@link RdpAccountant} on {@link Rdp#DEFAULT_ORDERS}. */
  public BoundedGaussianAccountant(BoundedGaussian mechanism) {
    this(mechanism, new RdpAccountant());
  }

  /**
   * Composes into {@code target}, so the bounded releases add to whatever else that accountant has
   * seen (other steps, private selection).
   */
  public BoundedGaussianAccountant(BoundedGaussian mechanism, RdpAccountant target) {
    if (mechanism == null || target == null) {
      throw new IllegalArgumentException("BoundedGaussianAccountant: mechanism and accountant must not be null");
    }
    this.mechanism = mechanism;
    this.target = target;
    this.orders = target.orders();
  }

  /**
   * Accounts one release of the summed clipped gradient {@code centers} (before noise); returns the
   * step's RDP curve, one value per order of {@link #orders()}.
   */
  public double[] step(double[] centers) {
    if (centers.length == 0) {
      throw new IllegalArgumentException("BoundedGaussianAccountant.step: the summed gradient has no coordinates");
    }
    double[] curve = mechanism.rdpCurve(orders, centers);
    target.compose(curve);
    steps++;
    lastCurve = curve;
    return curve.clone();
  }

  /** {@link #step(double[])} for a float gradient. */
  public double[] step(float[] centers) {
    double[] c = new double[centers.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = centers[i];
    }
    return step(c);
  }

  /** (ε, δ) of everything the underlying accountant has composed. */
  public PrivacySpent spent(double delta) {
    return target.spent(delta);
  }

  public double epsilon(double delta) {
    return spent(delta).epsilon();
  }

  /** Releases accounted so far. */
  public long steps() {
    return steps;
  }

  /** The last step's curve (a copy), or null before the first step. */
  public double[] lastCurve() {
    return lastCurve == null ? null : lastCurve.clone();
  }

  public BoundedGaussian mechanism() {
    return mechanism;
  }

  /** The accountant the curves compose into. */
  public RdpAccountant rdpAccountant() {
    return target;
  }

  /** The order grid (a copy). */
  public double[] orders() {
    return orders.clone();
  }

  @Override
  public String toString() {
    return "BoundedGaussianAccountant[" + mechanism + ", steps=" + steps + "]";
  }
}
