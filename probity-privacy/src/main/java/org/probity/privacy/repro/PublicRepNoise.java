package org.probity.privacy.repro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.privacy.accountant.NoiseCalibration;

/**
 * σ for a target (ε, δ) over a DP-SGD schedule (q, steps), remembered: the public-representations
 * reproduction (Thaker, Setlur, Wu, Smith, NeurIPS 2024) trains every arm, grid point and draw of
 * one private sample size under the same schedule, and the bisection in
 * {@link NoiseCalibration#noiseFor} costs about a tenth of a second, more than a whole private run
 * of the small models here. The value is a pure function of its four inputs, so caching changes nothing.
 */
final class PublicRepNoise {
  private record Key(double epsilon, double delta, double sampleRate, long steps) {}

  private static final Map<Key, Double> SIGMA = new ConcurrentHashMap<>();

  private PublicRepNoise() {}

  static double sigma(double epsilon, double delta, double sampleRate, long steps) {
    return SIGMA.computeIfAbsent(new Key(epsilon, delta, sampleRate, steps),
        k -> NoiseCalibration.noiseFor(k.epsilon(), k.delta(), k.sampleRate(), k.steps()));
  }
}
