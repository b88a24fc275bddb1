package org.probity.core.repro;

import java.util.List;

/** The outcome of one reproduction run: every claim's measurements and verdict. */
public record ReproResult(String id, String paper, Mode mode, long seed, List<ClaimResult> claims) {
  public ReproResult {
    claims = List.copyOf(claims);
  }

  /** True when every claim held. */
  public boolean pass() {
    return claims.stream().allMatch(ClaimResult::pass);
  }
}
