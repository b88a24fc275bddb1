package org.probity.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.privacy.accountant.PrivacySpent;
import org.probity.privacy.accountant.analysis.Rdp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probity privacy epsilon} and {@code probity privacy noise}: a privacy calculator for
 * planning a DP-SGD run before it starts, answering with the RDP accountant of the library (the
 * Poisson-subsampled Gaussian mechanism of Mironov, Talwar and Zhang 2019, converted to (ε, δ) by
 * Balle et al. 2020 on {@link Rdp#DEFAULT_ORDERS}), the same numbers Opacus and the PFL-DocVQA
 * calculator give. Plain output is one sentence; {@code --json} prints one object with the keys
 * epsilon, delta, noise, sample_rate, steps, order and accountant, numbers written as Python
 * writes them so the output diffs cleanly against those tools.
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Computes ε for a noise level, or the noise for a target ε (RDP accountant).",
    subcommands = {PrivacyCommand.EpsilonCommand.class, PrivacyCommand.NoiseCommand.class},
    footer = {"", "Example:", "  probity privacy epsilon --noise 1.145 --sample-rate 0.025 --steps 5 \\",
        "      --delta 1e-5 --json", "", "Exit codes: 0 success, 2 bad input."})
public final class PrivacyCommand extends CommandGroup {
  static final String MECHANISM = "the Poisson-subsampled Gaussian mechanism";

  /** Options both subcommands share. */
  abstract static class Common {
    @Spec
    CommandSpec spec;

    @Option(names = "--sample-rate", required = true, paramLabel = "Q",
        description = "Poisson sampling rate q in (0, 1]: the expected batch size over the dataset size.")
    double sampleRate;

    @Option(names = "--steps", required = true, paramLabel = "T", description = "Number of noisy steps.")
    long steps;

    @Option(names = "--delta", required = true, paramLabel = "D", description = "δ in (0, 1), usually below 1/n.")
    double delta;

    @Option(names = "--dataset-size", paramLabel = "N",
        description = "The number of examples; warns when δ >= 1/N.")
    Long datasetSize;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    boolean json;

    void checkCommon(long minSteps) {
      if (!(sampleRate > 0 && sampleRate <= 1)) {
        throw new BadInputException("--sample-rate must be in (0, 1], got " + sampleRate);
      }
      if (steps < minSteps) {
        throw new BadInputException("--steps must be >= " + minSteps + ", got " + steps);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new BadInputException("--delta must be in (0, 1), got " + delta);
      }
      if (datasetSize != null && datasetSize < 1) {
        throw new BadInputException("--dataset-size must be >= 1, got " + datasetSize);
      }
    }

    /** δ ≥ 1/n lets a mechanism publish one example in the clear and still claim (ε, δ)-DP. */
    void warnIfDeltaTooLarge() {
      if (datasetSize != null && delta >= 1.0 / datasetSize) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: δ = " + py(delta) + " is not below 1/n = " + py(1.0 / datasetSize) + " for n = "
            + datasetSize + " examples; such a δ allows releasing an example outright; choose δ < 1/n");
        err.flush();
      }
    }

    void print(double epsilon, double noise, double order, String sentence) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println("{\"epsilon\": " + pyJson(epsilon) + ", \"delta\": " + pyJson(delta) + ", \"noise\": " + pyJson(noise)
            + ", \"sample_rate\": " + pyJson(sampleRate) + ", \"steps\": " + steps + ", \"order\": " + pyJson(order)
            + ", \"accountant\": \"rdp\"}");
      } else {
        out.println(sentence);
      }
      out.flush();
    }
  }

  @Command(name = "epsilon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "The ε spent by T steps of noise multiplier σ at sampling rate q, for this δ.")
  static final class EpsilonCommand extends Common implements Callable<Integer> {
    @Option(names = "--noise", required = true, paramLabel = "S",
        description = "Noise multiplier σ > 0 (noise std over the clipping norm).")
    double noise;

    @Override
    public Integer call() {
      if (!(noise > 0) || Double.isInfinite(noise)) {
        throw new BadInputException("--noise must be a finite number > 0, got " + noise);
      }
      checkCommon(0);
      warnIfDeltaTooLarge();
      double[] orders = Rdp.DEFAULT_ORDERS;
      PrivacySpent spent = Rdp.toEpsilon(orders, Rdp.sampledGaussian(sampleRate, noise, steps, orders), delta);
      double eps = round(spent.epsilon(), RoundingMode.HALF_EVEN);
      print(eps, noise, spent.order(), "ε = " + py(eps) + " at δ = " + py(delta) + " (RDP, order " + py(spent.order())
          + ") for " + steps + " steps of " + MECHANISM + " with q = " + py(sampleRate) + " and σ = " + py(noise));
      return 0;
    }
  }

  @Command(name = "noise", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "The smallest noise multiplier σ for which T steps at sampling rate q stay within ε at this δ"
          + " (rounded up to four decimals, so the σ printed still meets the target).")
  static final class NoiseCommand extends Common implements Callable<Integer> {
    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target ε > 0.")
    double epsilon;

    @Override
    public Integer call() {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new BadInputException("--epsilon must be a finite number > 0, got " + epsilon
            + (epsilon == 0 ? " (a budget of zero allows no private step)" : ""));
      }
      checkCommon(1);
      warnIfDeltaTooLarge();
      double floor = NoiseCalibration.epsilon(NoiseCalibration.MAX_NOISE, sampleRate, steps, delta);
      if (floor > epsilon) {
        throw new BadInputException("target ε = " + py(epsilon) + " is unreachable in " + steps + " steps with q = "
            + py(sampleRate) + " and δ = " + py(delta) + "; the smallest reachable ε is "
            + py(round(floor, RoundingMode.CEILING)) + " (at σ = " + py(NoiseCalibration.MAX_NOISE) + ")");
      }
      double sigma = NoiseCalibration.noiseFor(epsilon, delta, sampleRate, steps);
      // Rounded up, so that the σ printed (and then used) still meets the target.
      double printed = round(sigma, RoundingMode.CEILING);
      double[] orders = Rdp.DEFAULT_ORDERS;
      PrivacySpent spent = Rdp.toEpsilon(orders, Rdp.sampledGaussian(sampleRate, printed, steps, orders), delta);
      double eps = round(spent.epsilon(), RoundingMode.HALF_EVEN);
      print(eps, printed, spent.order(), "σ = " + py(printed) + " gives ε = " + py(eps) + " <= " + py(epsilon)
          + " at δ = " + py(delta) + " (RDP, order " + py(spent.order()) + ") for " + steps + " steps of "
          + MECHANISM + " with q = " + py(sampleRate));
      return 0;
    }
  }

  /** Four decimals, or four significant digits below 0.001, so tiny values do not print as 0. */
  static double round(double x, RoundingMode mode) {
    if (!Double.isFinite(x) || x == 0) {
      return x;
    }
    BigDecimal b = new BigDecimal(x);
    b = Math.abs(x) >= 1e-3 ? b.setScale(4, mode) : b.round(new java.math.MathContext(4, mode));
    return b.doubleValue();
  }

  /** A number as Python's repr writes it: 0.025, 14.0, 1e-05, 2.5e+16. */
  static String py(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return "0.0";
    }
    BigDecimal b = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
    String digits = b.unscaledValue().toString();
    int exponent = digits.length() - 1 - b.scale();
    String sign = x < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = b.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /** {@link #py} for JSON, where NaN and infinities have no literal and become null. */
  static String pyJson(double x) {
    return Double.isFinite(x) ? py(x) : "null";
  }
}
