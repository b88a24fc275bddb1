package org.probity.federated.privacy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.analysis.PrivateSelectionRdp;
import org.probity.privacy.accountant.analysis.Rdp;

/**
 * The σ of one silo for a target ε: {@link NoiseCalibration#noiseFor} over the silo's planned steps
 * and sampling rate (MR-MTL's {@code compute_silo_noise_mults}), or, when the silo also makes
 * private choices (IFCA), the same bisection on ε of the steps composed in RDP with the choices'
 * α·ε_sel²/8. Results are memoised by their inputs, as the official code caches its accounting:
 * every strategy of a comparison, and every λ of a grid, asks for the same few silo sizes.
 */
public final class SiloCalibration {
  private static final Map<List<Double>, Double> CACHE = new ConcurrentHashMap<>();
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private SiloCalibration() {}

  /** The smallest σ whose ε after {@code steps} steps at rate q plus the choices is at most {@code target}. */
  public static double noiseFor(double target, double delta, double sampleRate, long steps, double selectionEpsilon,
      long selections) {
    List<Double> key = List.of(target, delta, sampleRate, (double) steps, selectionEpsilon, (double) selections);
    Double hit = CACHE.get(key);
    if (hit != null) {
      return hit;
    }
    double sigma = selections == 0 ? NoiseCalibration.noiseFor(target, delta, sampleRate, steps)
        : withSelections(target, delta, sampleRate, steps, selectionEpsilon, selections);
    CACHE.put(key, sigma);
    return sigma;
  }

  private static double withSelections(double target, double delta, double q, long steps, double selectionEpsilon,
      long selections) {
    double[] orders = Rdp.DEFAULT_ORDERS;
    double[] choice = PrivateSelectionRdp.exponentialMechanism(selectionEpsilon, selections, orders);
    double hi = NoiseCalibration.MAX_NOISE;
    double epsHi = epsilon(hi, q, steps, delta, orders, choice);
    if (epsHi > target) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "silo privacy: target ε = %s is"
          + " unreachable: %d private choices at ε_sel = %s already spend ε = %.4g with δ = %s; lower the selection"
          + " ε or raise the target", target, selections, selectionEpsilon, epsHi, delta));
    }
    double lo = NoiseCalibration.MIN_NOISE;
    if (epsilon(lo, q, steps, delta, orders, choice) <= target) {
      return lo;
    }
    while (hi - lo > RELATIVE_TOLERANCE * hi) {
      double mid = Math.sqrt(lo * hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (epsilon(mid, q, steps, delta, orders, choice) <= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static double epsilon(double sigma, double q, long steps, double delta, double[] orders, double[] choice) {
    double[] rdp = steps > 0 ? Rdp.sampledGaussian(q, sigma, steps, orders) : new double[orders.length];
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] += choice[i];
    }
    return Rdp.toEpsilon(orders, rdp, delta).epsilon();
  }
}
