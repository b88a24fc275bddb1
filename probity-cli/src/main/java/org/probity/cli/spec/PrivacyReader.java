package org.probity.cli.spec;

import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * Reads and merges the {@code privacy:} section of central runs ({@link PrivacySection}). The
 * top-level section applies to every variant, merged key by key like the other sections, with two
 * differences: {@code noise} and {@code epsilon} are alternatives, so a variant that sets either
 * drops both from the top level (a variant asking for ε = 4 must not inherit σ), and
 * {@code privacy: false} makes a variant non-private (the ERM baseline beside DP-SGD variants).
 * Every value is checked where it is written, with the key path and what was expected.
 */
final class PrivacyReader {
  static final String KEY = "privacy";
  private static final Check NOISE = new Check("a noise multiplier σ > 0", x -> x > 0);
  private static final Check TARGET = new Check("a target ε > 0", x -> x > 0);
  private static final Check DELTA = new Check("a δ strictly between 0 and 1 (e.g. 1e-5)", x -> x > 0 && x < 1);
  private static final Check RATE = new Check("a sample rate q in (0, 1]", x -> x > 0 && x <= 1);
  private static final Check BUDGET = new Check("a budget ε > 0 (a budget of zero allows no private step)",
      x -> x > 0);

  private PrivacyReader() {}

  /**
   * Marks {@code privacy} as a valid top-level key when an unknown key looks like it ("privcy"), so
   * that the error suggests it; otherwise the list of valid keys stays as it was before privacy.
   */
  static void suggestFor(Section root) {
    for (String k : root.keys()) {
      if (!k.equals(KEY) && !org.probity.core.naming.Suggest.didYouMean(k, java.util.List.of(KEY)).isEmpty()) {
        root.known(KEY);
        return;
      }
    }
  }

  /** A variant's privacy node over the top-level one (either may be null). */
  static YamlNode merge(YamlNode base, YamlNode over) {
    if (over instanceof MapNode o && base instanceof MapNode b
        && (o.get("noise") != null || o.get("epsilon") != null)) {
      MapNode trimmed = b.copy();
      trimmed.entries().remove("noise");
      trimmed.entries().remove("epsilon");
      return Merge.over(trimmed, over);
    }
    return Merge.over(base, over);
  }

  /**
   * The section at {@code path} of a variant with objective {@code objective}, or null when the
   * variant is not private (no section, or {@code privacy: false}).
   */
  static PrivacySection read(String path, YamlNode node, Loc fallback, java.util.Map<String, Loc> where,
      ObjectiveSection objective) {
    if (node == null || node instanceof Scalar s && s.isNull()) {
      return null;
    }
    if (node instanceof Scalar s && s.isBoolean()) {
      if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE) {
        where.put(path, s.loc());
        return null;
      }
      throw new SpecException(s.loc(), path + ": expected a section such as {clip: 1.0, epsilon: 1}, or false for a"
          + " non-private variant, got true");
    }
    if (!(node instanceof MapNode)) {
      throw new SpecException(node.loc(), path + ": expected a section such as {clip: 1.0, epsilon: 1}, or false"
          + " for a non-private variant, got " + node.describe());
    }
    Section s = Section.of(path, node, fallback, where);
    if (!s.has("clip")) {
      throw new SpecException(s.loc(), s.pathOf("clip") + ": required: the per-example gradient norm bound C,"
          + " e.g. clip: 1.0");
    }
    double clip = s.number("clip", null, Check.POSITIVE);
    Double noise = s.number("noise", null, NOISE);
    Double epsilon = s.number("epsilon", null, TARGET);
    if (noise != null && epsilon != null) {
      throw s.error("epsilon", "give either " + s.pathOf("noise") + " (σ) or " + s.pathOf("epsilon")
          + " (a target ε; σ is then calibrated over the run's steps), not both");
    }
    if (noise == null && epsilon == null) {
      throw new SpecException(s.loc(), s.pathOf("noise") + ": required: the noise multiplier σ (e.g. noise: 1.0),"
          + " or instead a target " + s.pathOf("epsilon") + " (e.g. epsilon: 1)");
    }
    double delta = s.number("delta", PrivacySection.DEFAULT_DELTA, DELTA);
    Double rate = s.number("sample_rate", null, RATE);
    Double budget = s.number("budget", null, BUDGET);
    s.done();
    if (!objective.kind().equals("erm")) {
      throw new SpecException(s.loc(), path + ": DP-SGD clips each example's gradient of the mean loss, so a"
          + " private variant needs objective kind erm, got " + objective.kind() + " (set privacy: false for it,"
          + " or objective: {kind: erm})");
    }
    return new PrivacySection(clip, noise, epsilon, delta, rate, budget);
  }
}
