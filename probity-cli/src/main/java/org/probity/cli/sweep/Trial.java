package org.probity.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration to run: the swept keys' values (YAML text, in the sweep's key order) and, for
 * successive halving, the rung and its budget. Its id is derived from the sweep's seed, the values
 * and the budget only, so the same sweep names the same trials every time it starts, which is what
 * lets an interrupted sweep skip the trials it already completed.
 */
public record Trial(String id, int config, int rung, Integer budget, String budgetKey, Map<String, String> params)
    implements Serializable {
  public Trial {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A trial of configuration {@code config} (its index in the search), with its id derived. */
  public static Trial of(long seed, int config, int rung, Integer budget, String budgetKey,
      Map<String, String> params) {
    return new Trial(id(seed, config, budget, params), config, rung, budget, budgetKey, params);
  }

  /** The overrides that make the trial's spec, exactly as {@code --set} takes them. */
  public List<String> overrides() {
    List<String> out = new ArrayList<>();
    params.forEach((k, v) -> out.add(k + "=" + v));
    if (budget != null) {
      out.add(budgetKey + "=" + budget);
    }
    return out;
  }

  /** "t003-1a2b3c4d", or "t003-b9-1a2b3c4d" with a budget. */
  static String id(long seed, int config, Integer budget, Map<String, String> params) {
    StringBuilder canon = new StringBuilder().append(seed).append('\n');
    params.forEach((k, v) -> canon.append(k).append('=').append(v).append('\n'));
    canon.append("budget=").append(budget);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(canon.toString().getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(h, 0, 4);
      return String.format(java.util.Locale.ROOT, "t%03d-%s%s", config, budget == null ? "" : "b" + budget + "-",
          hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
