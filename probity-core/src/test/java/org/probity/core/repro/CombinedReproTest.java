package org.probity.core.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parts registered under one id run as one reproduction; parts that disagree on the paper are refused. */
class CombinedReproTest {
  /** A part with one claim that echoes the mode and seed, passing or not as told. */
  private record Part(String id, String paper, String claim, boolean holds) implements Repro {
    @Override
    public List<Claim> claims() {
      return List.of(new Claim(claim, "the " + claim + " claim"));
    }

    @Override
    public ReproResult run(Mode mode, long seed) {
      return new ReproResult(id, paper, mode, seed, List.of(new ClaimResult(claims().get(0),
          Map.of("seed", (double) seed, "full", mode == Mode.FULL ? 1.0 : 0.0), holds, "")));
    }
  }

  @Test
  void partsSharingAnIdMergeInOrderAndRunWithTheSameSeedAndMode() {
    List<Repro> merged = CombinedRepro.merge(List.of(new Part("a", "P", "a1", true), new Part("b", "Q", "b1", true),
        new Part("a", "P", "a2", false)));
    assertEquals(List.of("a", "b"), merged.stream().map(Repro::id).toList());
    Repro a = assertInstanceOf(CombinedRepro.class, merged.get(0));
    assertEquals(List.of("a1", "a2"), a.claims().stream().map(Claim::id).toList());
    ReproResult r = a.run(Mode.FULL, 9);
    assertEquals(List.of("a1", "a2"), r.claims().stream().map(c -> c.claim().id()).toList());
    for (ClaimResult c : r.claims()) {
      assertEquals(9.0, c.measured().get("seed"));
      assertEquals(1.0, c.measured().get("full"));
    }
    assertFalse(r.pass(), "one failing part fails the whole");
    assertTrue(merged.get(1) instanceof Part, "an id registered once is left as it is");
  }

  @Test
  void partsNamingDifferentPapersAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CombinedRepro.merge(List.of(new Part("a", "P", "a1", true), new Part("a", "Other", "a2", true))));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }
}
