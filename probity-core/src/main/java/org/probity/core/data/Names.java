package org.probity.core.data;

import java.util.Collection;

/** Edit distance for "did you mean" hints in error messages. */
final class Names {
  private Names() {}

  /** The option closest to {@code name} by edit distance (case-insensitive), or null if none is close. */
  static String closest(String name, Collection<String> options) {
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    String a = name.toLowerCase(java.util.Locale.ROOT);
    for (String o : options) {
      int d = distance(a, o.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDist) {
        bestDist = d;
        best = o;
      }
    }
    // Only a hint when the typo is plausibly a typo: at most a third of the name differs.
    return best != null && bestDist <= Math.max(2, name.length() / 3) ? best : null;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
