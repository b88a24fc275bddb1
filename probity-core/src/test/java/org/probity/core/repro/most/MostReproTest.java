package org.probity.core.repro.most;

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
import org.probity.tensor.Rng;

class MostReproTest {
  @Test
  void isFoundThroughTheServiceLoader() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r instanceof MostRepro && r.id().equals("most");
    }
    assertTrue(found, "META-INF/services must list org.probity.core.repro.most.MostRepro");
  }

  @Test
  void claimsAreTheNotesThreeWithTheirThresholds() {
    List<Claim> claims = new MostRepro().claims();
    assertEquals(List.of("beats-baselines", "near-oracle", "no-collapse"), claims.stream().map(Claim::id).toList());
    assertTrue(claims.get(0).statement().contains("<= 0.5 x that of (a)"));
    assertTrue(claims.get(0).statement().contains("<= 0.5 x that of (b)"));
    assertTrue(claims.get(1).statement().contains("<= 3 x"));
    assertTrue(claims.get(2).statement().contains(">= 1 objective with Gamma mass >= 0.5"));
  }

  /**
   * The CI run: every claim is measured with finite numbers, and MosT's mean best-solution loss is
   * below both baselines' and no solution is left without objectives (the claims' thresholds may or
   * may not hold at QUICK's two seeds; that is the result, not a test failure).
   */
  @Test
  void quickRunMeasuresEveryClaim() {
    ReproResult r = new MostRepro().run(Mode.QUICK, 1);
    assertEquals("most", r.id());
    assertEquals(Mode.QUICK, r.mode());
    assertEquals(1, r.seed());
    List<Claim> claims = new MostRepro().claims();
    assertEquals(claims.size(), r.claims().size());
    for (int i = 0; i < claims.size(); i++) {
      ClaimResult c = r.claims().get(i);
      assertEquals(claims.get(i), c.claim());
      assertFalse(c.measured().isEmpty());
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v) && v >= 0, c.claim().id() + ": " + k + " = " + v));
      assertTrue(c.note().contains("QUICK"), c.note());
    }
    var m = r.claims().get(0).measured();
    assertTrue(m.get("most_mean_best_loss") < m.get("scalarization_mean_best_loss"), m.toString());
    assertTrue(m.get("most_mean_best_loss") < m.get("mgda_mean_best_loss"), m.toString());
    assertTrue(m.get("oracle_mean_loss") > 0.01 && m.get("oracle_mean_loss") < 1, m.toString());
    assertTrue(r.claims().get(2).measured().get("min_objectives_assigned_per_solution") >= 1);
  }

  @Test
  void aSeedRepeatsExactly() {
    MostExperiment.Outcome a = MostExperiment.run(5, new Rng(7));
    MostExperiment.Outcome b = MostExperiment.run(5, new Rng(7));
    assertEquals(a, b);
  }

  @Test
  void claimsAreJudgedOnSeedMeansAgainstTheirThresholds() {
    // mostMean, mostWorst, oracleAtMostWorst, oracleMean, oracleWorst, lsMean, lsWorst, mgdaMean, mgdaWorst, ...
    MostExperiment.Outcome good = new MostExperiment.Outcome(1, 0.6, 0.1, 0.1, 0.2, 2, 5, 3, 6, 1, 5);
    MostExperiment.Outcome bad = new MostExperiment.Outcome(2, 1.2, 0.1, 0.1, 0.2, 2, 5, 3, 6, 0, 4);
    assertTrue(MostRepro.beatsBaselines(new MostExperiment.Outcome[] {good}, "1 seed").pass());
    // Means 1.5 vs 2: ratio 0.75 > 0.5.
    assertFalse(MostRepro.beatsBaselines(new MostExperiment.Outcome[] {good, bad}, "2 seeds").pass());
    assertTrue(MostRepro.nearOracle(new MostExperiment.Outcome[] {good}, "1 seed").pass());
    assertFalse(MostRepro.nearOracle(new MostExperiment.Outcome[] {good, bad}, "2 seeds").pass());
    assertTrue(MostRepro.noCollapse(new MostExperiment.Outcome[] {good}, "1 seed").pass());
    assertFalse(MostRepro.noCollapse(new MostExperiment.Outcome[] {good, bad}, "2 seeds").pass());
  }

  @Tag("slow")
  @Test
  void fullRunMeasuresEveryClaim() {
    ReproResult r = new MostRepro().run(Mode.FULL, 1);
    assertEquals(3, r.claims().size());
    for (ClaimResult c : r.claims()) {
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v), c.claim().id() + ": " + k + " = " + v));
      assertTrue(c.note().startsWith("5 seeds"), c.note());
    }
  }
}
