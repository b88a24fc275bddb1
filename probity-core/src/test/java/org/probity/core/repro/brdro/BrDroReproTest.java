package org.probity.core.repro.brdro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

class BrDroReproTest {
  @Test
  void isFoundThroughTheServiceLoader() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r instanceof BrDroRepro && r.id().equals("bpf-dro");
    }
    assertTrue(found, "META-INF/services must list org.probity.core.repro.brdro.BrDroRepro");
  }

  @Test
  void claimsStateTheNotesThresholds() {
    List<Claim> claims = new BrDroRepro().claims();
    assertEquals(List.of("beats-erm", "beats-cvar", "near-group-dro"), claims.stream().map(Claim::id).toList());
    assertTrue(claims.get(0).statement().contains("+ 10 points"));
    assertTrue(claims.get(1).statement().contains("+ 3 points"));
    assertTrue(claims.get(2).statement().contains("− 5 points"));
    assertTrue(claims.get(2).statement().contains("no group labels"));
  }

  @Test
  void quickRunMeasuresEveryClaimWithSaneNumbers() {
    long t0 = System.nanoTime();
    ReproResult r = new BrDroRepro().run(Mode.QUICK, 1);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println("bpf-dro QUICK (" + String.format("%.1f", seconds) + " s)");
    for (ClaimResult c : r.claims()) {
      System.out.println((c.pass() ? "PASS " : "FAIL ") + c.claim().id() + ": " + c.note());
    }
    assertEquals("bpf-dro", r.id());
    assertEquals(Mode.QUICK, r.mode());
    assertEquals(3, r.claims().size());
    for (int i = 0; i < 3; i++) {
      ClaimResult c = r.claims().get(i);
      assertEquals(new BrDroRepro().claims().get(i), c.claim());
      assertFalse(c.note().isBlank());
      assertTrue(c.note().contains("QUICK"));
      assertTrue(c.measured().containsKey("threshold"));
      assertEquals(0.0, c.measured().get("br_dro_group_labels_used"));
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v), c.claim().id() + ": " + k + " = " + v));
      for (String m : GroupShiftExperiment.METHODS) {
        double worst = c.measured().get(m + "_worst_group_accuracy");
        double mean = c.measured().get(m + "_mean_accuracy");
        assertTrue(worst >= 0 && worst <= mean && mean <= 1, m + ": worst " + worst + ", mean " + mean);
      }
    }
    assertTrue(r.claims().get(0).note().contains("br_dro_gamma_1"), "the table lists every method");
    // One real property of the data: ERM follows the spurious bit, and oracle group weights undo it.
    var measured = r.claims().get(0).measured();
    assertTrue(measured.get("erm_worst_group_accuracy") < 0.5, "ERM should fail a minority group: " + measured);
    assertTrue(measured.get("group_dro_oracle_worst_group_accuracy")
        > measured.get("erm_worst_group_accuracy") + 0.1, "Group DRO should beat ERM's worst group: " + measured);
  }
}
