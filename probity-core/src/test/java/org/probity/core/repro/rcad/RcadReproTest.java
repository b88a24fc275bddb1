package org.probity.core.repro.rcad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.Split;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

class RcadReproTest {
  @Test
  void isFoundThroughTheServiceLoader() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r instanceof RcadRepro && r.id().equals("rcad");
    }
    assertTrue(found, "META-INF/services must list org.probity.core.repro.rcad.RcadRepro");
  }

  @Test
  void claimsStateTheNotesThresholds() {
    List<Claim> claims = new RcadRepro().claims();
    assertEquals(List.of("low-data-digits", "spurious-toy"), claims.stream().map(Claim::id).toList());
    assertTrue(claims.get(0).statement().contains(">= ERM + 1.0 point"));
    assertTrue(claims.get(0).statement().contains(">= FGSM"));
    assertTrue(claims.get(1).statement().contains("<= 0.7 x ERM's"));
    assertTrue(claims.get(1).statement().contains("higher"));
  }

  /** The CI run: both claims measured, finite numbers in range, the reduced settings named in the notes. */
  @Test
  void quickRunMeasuresBothClaimsWithSaneNumbers() {
    ReproResult r = new RcadRepro().run(Mode.QUICK, 1);
    assertEquals("rcad", r.id());
    assertEquals(Mode.QUICK, r.mode());
    assertEquals(new RcadRepro().claims(), r.claims().stream().map(ClaimResult::claim).toList());
    for (ClaimResult c : r.claims()) {
      assertFalse(c.measured().isEmpty(), c.claim().id());
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v), c.claim().id() + " " + k + " = " + v));
      c.measured().forEach((k, v) -> {
        if (k.endsWith("accuracy")) {
          assertTrue(v > 0.5 && v <= 1, c.claim().id() + " " + k + " = " + v);
        }
      });
    }
    assertTrue(r.claims().get(0).note().startsWith("1 seed, " + RcadRepro.QUICK_EPOCHS + " epochs"),
        r.claims().get(0).note());
    assertTrue(r.claims().get(1).note().startsWith(RcadRepro.QUICK_TOY_SEEDS + " seeds"), r.claims().get(1).note());
    // The toy's ERM leans on chance features (d > n makes them separable), the regime the claim is about.
    assertTrue(r.claims().get(1).measured().get("erm_spurious_norm") > 0.5, r.claims().get(1).toString());
  }

  @Test
  void theLowDataSplitTakesFifteenPerClassAndTestsOnTheRest() {
    Dataset digits = Datasets.load("digits");
    Split s = LowDataDigits.perClass(digits, 15, new Rng(3));
    assertEquals(150, s.train().size());
    assertEquals(digits.size() - 150, s.test().size());
    int[] counts = new int[digits.numClasses()];
    for (int y : s.train().labels()) {
      counts[y]++;
    }
    int[] fifteen = new int[digits.numClasses()];
    Arrays.fill(fifteen, 15);
    assertEquals(Arrays.toString(fifteen), Arrays.toString(counts));
  }

  @Test
  void theToysSpuriousFeaturesAreIndependentOfTheLabel() {
    Dataset d = SpuriousToy.sample(4000, new Rng(9));
    float[] x = d.features().data();
    int cols = SpuriousToy.D + 1;
    int[] y = d.labels();
    for (int j = 0; j < cols; j++) {
      double cov = 0;
      for (int i = 0; i < y.length; i++) {
        cov += (2 * y[i] - 1) * x[i * cols + j];
      }
      cov /= y.length;
      if (j == 0) {
        assertEquals(SpuriousToy.GAMMA, cov, 1e-6, "the core feature is y * gamma");
      } else {
        assertTrue(Math.abs(cov) < 0.08, "spurious feature " + j + " correlates with y: " + cov);
      }
    }
  }

  @Tag("slow")
  @Test
  void fullRunMeasuresBothClaims() {
    ReproResult r = new RcadRepro().run(Mode.FULL, 1);
    assertEquals(2, r.claims().size());
    assertTrue(r.claims().get(0).note().startsWith("10 seeds, 300 epochs"));
  }
}
