package org.probity.cli.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.probity.cli.spec.Loc;
import org.probity.tensor.Rng;

/**
 * One swept spec key and the values it may take: a list of values (grid or random choice) or a
 * distribution for random search and successive halving ({@code uniform}, {@code log_uniform} as
 * in Bergstra and Bengio's random search, JMLR 2012, where scale parameters such as learning rates
 * are drawn uniformly in their logarithm, and {@code int_uniform}). Values are kept as the YAML text
 * a {@code --set KEY=VALUE} override would carry, so a trial is exactly the base spec plus
 * overrides and goes through the spec's own checks.
 */
public record Param(String key, Kind kind, List<String> choices, double low, double high, Loc loc) {
  /** How the values are given. */
  public enum Kind {
    CHOICE, UNIFORM, LOG_UNIFORM, INT_UNIFORM;

    /** The key written in the spec ({@code log_uniform: [a, b]}). */
    public String yamlKey() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Param {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  public static Param choice(String key, List<String> values, Loc loc) {
    return new Param(key, Kind.CHOICE, values, Double.NaN, Double.NaN, loc);
  }

  public static Param range(String key, Kind kind, double low, double high, Loc loc) {
    return new Param(key, kind, List.of(), low, high, loc);
  }

  /** Whether the chart of this key should use a logarithmic x axis. */
  public boolean logScale() {
    return kind == Kind.LOG_UNIFORM;
  }

  /** One value drawn from {@code rng}, as YAML text. */
  public String sample(Rng rng) {
    return switch (kind) {
      case CHOICE -> choices.get(rng.nextInt(choices.size()));
      case UNIFORM -> decimal(low + (high - low) * rng.nextDouble());
      case LOG_UNIFORM -> decimal(Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * rng.nextDouble()));
      case INT_UNIFORM -> Long.toString((long) low + (long) Math.floor(rng.nextDouble() * (high - low + 1)));
    };
  }

  /**
   * Four significant digits, written so YAML reads a float back ("0.03162", "2.0", "1.0E-7"):
   * short enough for a table and a {@code --set} flag, and identical on every machine.
   */
  static String decimal(double x) {
    BigDecimal d = new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros();
    String s = Math.abs(x) >= 1e-6 || x == 0 ? d.toPlainString() : Double.toString(d.doubleValue());
    return s.contains(".") || s.contains("E") ? s : s + ".0";
  }

  /** The value as a number for charts, or NaN when it is not one (a name, a list). */
  public static double numeric(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
