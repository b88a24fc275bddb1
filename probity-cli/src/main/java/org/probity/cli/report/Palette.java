package org.probity.cli.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One colour per variant, fixed for the whole page, so that "term t=-2" is the same orange in the
 * table swatch, every curve and every bar. The first ten are Tableau 10 (distinct, print well,
 * mostly safe for colour-blind readers); beyond that hues step by the golden angle.
 */
final class Palette {
  private static final int[] TABLEAU10 = {
      0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
      0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};

  private final Map<String, Color> colours = new LinkedHashMap<>();

  Palette(List<String> variants) {
    for (String v : variants) {
      colours.putIfAbsent(v, colour(colours.size()));
    }
  }

  /** The variant's colour; a variant not seen at construction gets the next free one. */
  synchronized Color of(String variant) {
    return colours.computeIfAbsent(variant, v -> colour(colours.size()));
  }

  /** The colour as CSS, "#4e79a7". */
  synchronized String css(String variant) {
    return String.format(Locale.ROOT, "#%06x", of(variant).getRGB() & 0xFFFFFF);
  }

  static Color colour(int i) {
    if (i < TABLEAU10.length) {
      return new Color(TABLEAU10[i]);
    }
    float hue = (float) ((i * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.55f, 0.75f);
  }
}
