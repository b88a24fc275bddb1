package org.probity.privacy.accountant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.probity.privacy.accountant.analysis.Rdp;

/**
 * The Rényi-DP accountant (Mironov 2017; Abadi et al. 2016's moments accountant in RDP form): it
 * keeps the running RDP curve on a fixed grid of orders, adds each mechanism's curve as it runs (RDP
 * composes by addition at every order), and converts to (ε, δ) only when asked, at the best order
 * (Balle et al. 2020). Subsampled-Gaussian steps go through {@link #step}, which also records them
 * in the history as Opacus's {@code RDPAccountant} does; any other mechanism (private selection,
 * the bounded-support Gaussian) adds its own curve through {@link #compose}. The per-step curve of
 * the last (σ, q) is cached, so a training loop that steps once per batch pays for the series once.
 */
public final class RdpAccountant implements Accountant {
  private final double[] orders;
  private final double[] total;
  private final List<MechanismStep> history;
  private int composedCurves;
  private double cachedSigma = Double.NaN;
  private double cachedRate = Double.NaN;
  private double[] cachedCurve;

  /** An accountant on {@link Rdp#DEFAULT_ORDERS}. */
  public RdpAccountant() {
    this(Rdp.DEFAULT_ORDERS);
  }

  /** An accountant on the given orders (each > 1). */
  public RdpAccountant(double[] orders) {
    if (orders.length == 0) {
      throw new IllegalArgumentException("RdpAccountant: the order grid is empty");
    }
    for (double a : orders) {
      if (!(a > 1)) {
        throw new IllegalArgumentException("RdpAccountant: RDP orders must be > 1, got " + a
            + " in " + Arrays.toString(orders));
      }
    }
    this.orders = orders.clone();
    this.total = new double[orders.length];
    this.history = new ArrayList<>();
  }

  private RdpAccountant(RdpAccountant other) {
    this.orders = other.orders.clone();
    this.total = other.total.clone();
    this.history = new ArrayList<>(other.history);
    this.composedCurves = other.composedCurves;
    this.cachedSigma = other.cachedSigma;
    this.cachedRate = other.cachedRate;
    this.cachedCurve = other.cachedCurve; // never mutated, so shared
  }

  @Override
  public String name() {
    return "rdp";
  }

  @Override
  public void step(double noiseMultiplier, double sampleRate, long steps) {
    PrivacyChecks.noiseMultiplier("RdpAccountant.step", noiseMultiplier);
    PrivacyChecks.sampleRate("RdpAccountant.step", sampleRate);
    PrivacyChecks.steps("RdpAccountant.step", steps);
    if (steps == 0) {
      return;
    }
    double[] curve = perStep(noiseMultiplier, sampleRate);
    for (int i = 0; i < total.length; i++) {
      total[i] += curve[i] * steps;
    }
    int last = history.size() - 1;
    if (last >= 0 && history.get(last).noiseMultiplier() == noiseMultiplier
        && history.get(last).sampleRate() == sampleRate) {
      history.set(last, new MechanismStep(noiseMultiplier, sampleRate, history.get(last).steps() + steps));
    } else {
      history.add(new MechanismStep(noiseMultiplier, sampleRate, steps));
    }
  }

  private double[] perStep(double sigma, double q) {
    if (cachedCurve == null || sigma != cachedSigma || q != cachedRate) {
      cachedCurve = Rdp.sampledGaussian(q, sigma, 1, orders);
      cachedSigma = sigma;
      cachedRate = q;
    }
    return cachedCurve;
  }

  /**
   * Adds another mechanism's RDP curve, given on this accountant's {@link #orders()} (for example
   * {@code PrivateSelectionRdp.exponentialMechanism(ε, n, orders())}); it is not part of
   * {@link #history()}, which lists subsampled-Gaussian steps only.
   */
  public void compose(double[] rdpPerOrder) {
    if (rdpPerOrder.length != orders.length) {
      throw new IllegalArgumentException("RdpAccountant.compose: the curve has " + rdpPerOrder.length
          + " values but the accountant has " + orders.length + " orders");
    }
    for (int i = 0; i < rdpPerOrder.length; i++) {
      if (!(rdpPerOrder[i] >= 0)) {
        throw new IllegalArgumentException("RdpAccountant.compose: RDP must be >= 0, got "
            + rdpPerOrder[i] + " at order " + orders[i]);
      }
    }
    for (int i = 0; i < total.length; i++) {
      total[i] += rdpPerOrder[i];
    }
    composedCurves++;
  }

  @Override
  public PrivacySpent spent(double delta) {
    return Rdp.toEpsilon(orders, total, delta);
  }

  @Override
  public List<MechanismStep> history() {
    return Collections.unmodifiableList(new ArrayList<>(history));
  }

  /** The order grid (a copy). */
  public double[] orders() {
    return orders.clone();
  }

  /** The composed RDP curve so far, one value per order (a copy). */
  public double[] rdp() {
    return total.clone();
  }

  /** How many curves were added through {@link #compose}. */
  public int composedCurves() {
    return composedCurves;
  }

  @Override
  public RdpAccountant copy() {
    return new RdpAccountant(this);
  }

  @Override
  public String toString() {
    return "RdpAccountant" + history + (composedCurves > 0 ? " + " + composedCurves + " composed curves" : "");
  }
}
