package org.probity.core.naming;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?": the valid name closest to a misspelt one, by edit distance (Levenshtein,
 * with an adjacent swap counting as one edit), ignoring case, hyphens and underscores so that
 * {@code batchsize} finds {@code batch_size}. Only close names are offered; a far-fetched guess
 * is worse than none.
 */
public final class Suggest {
  private Suggest() {}

  /** The closest of {@code valid} to {@code wrong}, or null when none is close. */
  public static String closest(String wrong, Collection<String> valid) {
    String w = normal(wrong);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String v : valid) {
      String n = normal(v);
      int d = n.equals(w) ? 0 : distance(w, n);
      boolean prefix = w.length() >= 3 && (n.startsWith(w) || w.startsWith(n));
      if (prefix) {
        d = Math.min(d, 1);
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = v;
      }
    }
    int allowed = Math.max(1, Math.min(3, w.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** "; did you mean 'x'?" or "" when there is no close name. */
  public static String didYouMean(String wrong, Collection<String> valid) {
    String c = closest(wrong, valid);
    return c == null ? "" : "; did you mean '" + c + "'?";
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Optimal string alignment distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
