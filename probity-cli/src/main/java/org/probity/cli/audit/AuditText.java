package org.probity.cli.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The few number formats the audit's sentences use, so the report, audit.json's sentence and the
 * console say "ε ≥ 0.42 at 95% confidence (δ = 1e-5)" the same way everywhere.
 */
final class AuditText {
  private AuditText() {}

  /** ε with two decimals, as privacy guarantees are usually quoted; "∞" when unbounded. */
  static String eps(double e) {
    if (Double.isNaN(e)) {
      return "NaN";
    }
    if (Double.isInfinite(e)) {
      return e > 0 ? "\u221e" : "\u2212\u221e";
    }
    return String.format(Locale.ROOT, "%.2f", e);
  }

  /** A fraction as a percentage without trailing zeros: 0.95 → "95%", 0.001 → "0.1%". */
  static String percent(double fraction) {
    return new BigDecimal(fraction * 100).round(new MathContext(6)).stripTrailingZeros().toPlainString() + "%";
  }

  /** δ in the short scientific form people write: 1e-5, 2.5e-6; plain for 0 and for 0.001 and up. */
  static String delta(double d) {
    if (d == 0 || !Double.isFinite(d)) {
      return d == 0 ? "0" : Double.toString(d);
    }
    if (d >= 1e-3) {
      return new BigDecimal(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    int exp = (int) Math.floor(Math.log10(d));
    double mant = d / Math.pow(10, exp);
    if (mant >= 9.995) { // rounding carried into the next power of ten
      mant /= 10;
      exp++;
    }
    String m = new BigDecimal(mant).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    return m + "e" + exp;
  }
}
