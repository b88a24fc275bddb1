package org.probity.federated.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

/** The network-effects reproduction (Hu et al., arXiv 2302.08533): registration, structure, finite numbers, timing. */
class NetworkEffectsReproTest {
  @Test
  void registeredAsAService() {
    boolean found = false;
    Iterator<Repro> it = ServiceLoader.load(Repro.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        Repro r = it.next();
        found |= r.id().equals("network-effects") && r instanceof NetworkEffectsRepro;
      } catch (ServiceConfigurationError skipped) {
        // Another helper's line may name a class still being written; it is not this test's concern.
      }
    }
    assertTrue(found, "network-effects must be registered in META-INF/services");
  }

  @Test
  void quickRunAtSeedOne() {
    long start = System.nanoTime();
    ReproResult r = new NetworkEffectsRepro().run(Mode.QUICK, 1);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("network-effects QUICK seed 1 took %.2f s%n", seconds);
    print(r);
    check(r, Mode.QUICK);
    assertTrue(seconds < 10, "QUICK must stay under 10 s, took " + seconds);
  }

  @Test
  @Tag("slow")
  void fullRunAtSeedOne() {
    ReproResult r = new NetworkEffectsRepro().run(Mode.FULL, 1);
    print(r);
    check(r, Mode.FULL);
  }

  private static void print(ReproResult r) {
    for (ClaimResult c : r.claims()) {
      System.out.println((c.pass() ? "PASS " : "FAIL ") + c.claim().id() + " " + c.measured());
    }
  }

  private static void check(ReproResult r, Mode mode) {
    assertEquals("network-effects", r.id());
    assertEquals(mode, r.mode());
    assertEquals(4, r.claims().size());
    for (ClaimResult c : r.claims()) {
      for (double v : c.measured().values()) {
        assertTrue(Double.isFinite(v), c.claim().id() + " " + c.measured());
      }
    }
  }
}
