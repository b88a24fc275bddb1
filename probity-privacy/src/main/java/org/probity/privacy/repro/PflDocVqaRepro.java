package org.probity.privacy.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.analysis.Rdp;

/**
 * The accounting of the NeurIPS 2023 competition on privacy-preserving federated document VQA
 * (Tobaben et al., "NeurIPS 2023 Competition: Privacy Preserving Federated Learning Document VQA",
 * arXiv 2411.03730). Track 2 protects each provider with provider-level DP-FedAvg: 2 of 10 clients
 * per round, 50 providers sampled per client from at least 400, so q = (2/10)(50/400) = 0.025, over
 * 5 rounds at δ = 1e-5, with noise multipliers 1.145 / 0.637 / 0.468 for ε = 1 / 4 / 8. The
 * organisers' calculator ({@code differential_privacy/privacy_calculator.py}, a copy of Opacus 0.15's
 * RDP analysis) gives ε = 1.0057 / 3.9959 / 8.0039 for them (notes-federated-privacy.md §0.1, §11).
 * The claims: Probity's accountant reproduces those values to three decimals; its calibration
 * inverts them; and a much finer order grid moves ε by less than 0.01, so the default grid does not
 * overstate the guarantee. It is pure arithmetic, so the seed is unused and both modes take well
 * under a second; FULL only makes the finer grid finer.
 */
public final class PflDocVqaRepro implements Repro {
  static final double SAMPLE_RATE = (2.0 / 10) * (50.0 / 400);
  static final long ROUNDS = 5;
  static final double DELTA = 1e-5;
  static final double[] NOMINAL_EPSILON = {1, 4, 8};
  static final double[] OFFICIAL_NOISE = {1.145, 0.637, 0.468};
  static final double[] OFFICIAL_EPSILON = {1.0057, 3.9959, 8.0039};
  static final double TOLERANCE = 1e-3;
  static final double GRID_TOLERANCE = 0.01;

  static final Claim OFFICIAL = new Claim("official-epsilon",
      "With q = 0.025, T = 5 rounds and δ = 1e-5, the RDP accountant gives the competition calculator's ε for its"
          + " three noise multipliers within 1e-3: σ = 1.145 → 1.0057, σ = 0.637 → 3.9959, σ = 0.468 → 8.0039.");
  static final Claim INVERSE = new Claim("noise-for-epsilon",
      "noiseFor inverts the accountant: asked for the official ε (1.0057, 3.9959, 8.0039) it gives back the"
          + " competition's σ (1.145, 0.637, 0.468) within 1e-3.");
  static final Claim GRID = new Claim("order-grid",
      "The default order grid (1.1..10.9 by 0.1, 12..63, 128, 256, 512) is fine enough: a grid of step 0.05"
          + " (0.01 in full mode) from 1.01 to 64 lowers none of the three ε by 0.01 or more.");

  @Override
  public String id() {
    return "pfl-docvqa";
  }

  @Override
  public String paper() {
    return "Tobaben et al. NeurIPS 2023 Competition: Privacy Preserving Federated Learning Document VQA."
        + " arXiv 2411.03730 (official accounting values)";
  }

  @Override
  public List<Claim> claims() {
    return List.of(OFFICIAL, INVERSE, GRID);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    List<ClaimResult> results = new ArrayList<>();
    results.add(official());
    results.add(inverse());
    results.add(grid(mode == Mode.FULL ? 0.01 : 0.05));
    return new ReproResult(id(), paper(), mode, seed, results);
  }

  private static double epsilon(double sigma, double[] orders) {
    return NoiseCalibration.epsilon(sigma, SAMPLE_RATE, ROUNDS, DELTA, orders);
  }

  private static String key(double sigma) {
    return String.format(Locale.ROOT, "sigma_%s", sigma);
  }

  static ClaimResult official() {
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    double worst = 0;
    for (int i = 0; i < OFFICIAL_NOISE.length; i++) {
      double eps = epsilon(OFFICIAL_NOISE[i], Rdp.DEFAULT_ORDERS);
      double err = Math.abs(eps - OFFICIAL_EPSILON[i]);
      m.put(key(OFFICIAL_NOISE[i]) + ".epsilon", eps);
      m.put(key(OFFICIAL_NOISE[i]) + ".official", OFFICIAL_EPSILON[i]);
      m.put(key(OFFICIAL_NOISE[i]) + ".order", Rdp.toEpsilon(Rdp.DEFAULT_ORDERS,
          Rdp.sampledGaussian(SAMPLE_RATE, OFFICIAL_NOISE[i], ROUNDS, Rdp.DEFAULT_ORDERS), DELTA).order());
      worst = Math.max(worst, err);
      pass &= err <= TOLERANCE;
    }
    m.put("max_abs_error", worst);
    return new ClaimResult(OFFICIAL, m, pass, "q = (2/10)(50/400) = " + SAMPLE_RATE + ", T = " + ROUNDS
        + ", δ = 1e-5, default orders; official values from the organisers' calculator; tolerance 1e-3");
  }

  static ClaimResult inverse() {
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    double worst = 0;
    for (int i = 0; i < OFFICIAL_NOISE.length; i++) {
      double sigma = NoiseCalibration.noiseFor(OFFICIAL_EPSILON[i], DELTA, SAMPLE_RATE, ROUNDS);
      double err = Math.abs(sigma - OFFICIAL_NOISE[i]);
      m.put(String.format(Locale.ROOT, "epsilon_%s.noise", OFFICIAL_EPSILON[i]), sigma);
      worst = Math.max(worst, err);
      pass &= err <= TOLERANCE;
    }
    m.put("max_abs_error", worst);
    // Measured, not claimed: the exact σ for the nominal ε. The competition's σ = 1.145 spends
    // ε = 1.0057, so it meets the nominal ε = 1 only to two decimals.
    for (double e : NOMINAL_EPSILON) {
      m.put(String.format(Locale.ROOT, "nominal_epsilon_%s.noise", e), NoiseCalibration.noiseFor(e, DELTA, SAMPLE_RATE, ROUNDS));
    }
    return new ClaimResult(INVERSE, m, pass, "bisection in log σ over [1e-3, 1e5], relative tolerance 1e-9;"
        + " nominal_* are the exact σ for ε = 1, 4, 8 (reported, not claimed)");
  }

  static ClaimResult grid(double step) {
    double[] fine = fineOrders(step);
    Map<String, Double> m = new LinkedHashMap<>();
    boolean pass = true;
    double worst = 0;
    for (double sigma : OFFICIAL_NOISE) {
      double coarse = epsilon(sigma, Rdp.DEFAULT_ORDERS);
      double better = epsilon(sigma, fine);
      m.put(key(sigma) + ".epsilon_fine_grid", better);
      double gain = coarse - better;
      worst = Math.max(worst, gain);
      pass &= gain < GRID_TOLERANCE;
    }
    m.put("max_epsilon_decrease", worst);
    m.put("fine_grid_orders", (double) fine.length);
    return new ClaimResult(GRID, m, pass, "fine grid: 1.01 to 64 by " + step + ", plus the default orders");
  }

  /**
   * 1.01, 1.01 + step, …, 64, together with the default grid (so the fine grid can only lower ε);
   * integer orders land on exact integers.
   */
  static double[] fineOrders(double step) {
    int n = (int) Math.round((64 - 1.01) / step) + 1;
    double[] defaults = Rdp.DEFAULT_ORDERS;
    double[] o = new double[n + defaults.length];
    for (int i = 0; i < n; i++) {
      // Rounded to 1e-9 so that orders meant to be integers take the exact integer-order path.
      o[i] = Math.round((1.01 + i * step) * 1e9) / 1e9;
    }
    System.arraycopy(defaults, 0, o, n, defaults.length);
    return o;
  }
}
