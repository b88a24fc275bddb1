package org.probity.core.repro.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

class TermReproTest {
  @Test
  void isFoundThroughTheServiceLoader() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r instanceof TermRepro && r.id().equals("term");
    }
    assertTrue(found, "META-INF/services must list org.probity.core.repro.term.TermRepro");
  }

  @Test
  void claimsHaveDistinctIdsAndStatementsWithThresholds() {
    List<Claim> claims = new TermRepro().claims();
    assertEquals(List.of("robust-regression", "label-noise", "fairness", "hierarchical"),
        claims.stream().map(Claim::id).toList());
    assertTrue(claims.get(0).statement().contains("1.15"));
    assertTrue(claims.get(1).statement().contains(">= 3 points"));
    assertTrue(claims.get(2).statement().contains("2 points"));
    assertTrue(claims.get(3).statement().contains("2 points"));
  }

  /**
   * The CI run (seed 1, the CLI's default): every claim is measured with finite numbers, and at this
   * seed every claim holds; a regression in any shared component the claims run through (objectives,
   * generators, models, trainer, optimisers) shows up here as a failed claim.
   */
  @Test
  void quickRunMeasuresEveryClaimAndAllHoldAtSeedOne() {
    ReproResult r = new TermRepro().run(Mode.QUICK, 1);
    checkStructure(r, Mode.QUICK, 1);
    for (ClaimResult c : r.claims()) {
      assertTrue(c.pass(), c.claim().id() + " failed: " + c.note() + " " + c.measured());
    }
    assertTrue(r.pass());
  }

  @Test
  void aClaimRepeatsExactlyFromItsSeed() {
    ClaimResult a = FairMinority.run(1, new org.probity.tensor.Rng(7));
    ClaimResult b = FairMinority.run(1, new org.probity.tensor.Rng(7));
    assertEquals(a.measured(), b.measured());
    assertEquals(a.pass(), b.pass());
  }

  @Tag("slow")
  @Test
  void fullRunMeasuresEveryClaim() {
    ReproResult r = new TermRepro().run(Mode.FULL, 1);
    checkStructure(r, Mode.FULL, 1);
    for (ClaimResult c : r.claims()) {
      assertTrue(c.pass(), c.claim().id() + " failed: " + c.note() + " " + c.measured());
    }
  }

  private static void checkStructure(ReproResult r, Mode mode, long seed) {
    assertEquals("term", r.id());
    assertEquals(mode, r.mode());
    assertEquals(seed, r.seed());
    List<Claim> claims = new TermRepro().claims();
    assertEquals(claims.size(), r.claims().size());
    for (int i = 0; i < claims.size(); i++) {
      ClaimResult c = r.claims().get(i);
      assertEquals(claims.get(i), c.claim());
      assertFalse(c.measured().isEmpty(), c.claim().id() + " measured nothing");
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v), c.claim().id() + ": " + k + " = " + v));
      assertFalse(c.note().isBlank());
    }
    ClaimResult regression = r.claims().get(0);
    for (String k : List.of("genie_rmse_20", "erm_rmse_40", "term_over_genie_40", "small_tilt_rel_diff_max")) {
      assertTrue(regression.measured().containsKey(k), "robust-regression lacks " + k);
    }
    assertTrue(r.claims().get(1).measured().containsKey("gain_40"));
    assertTrue(r.claims().get(2).measured().containsKey("accuracy_cost"));
    assertTrue(r.claims().get(3).measured().containsKey("lead_over_best_single"));
  }
}
