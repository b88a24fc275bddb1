package org.probity.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

/**
 * Reproductions registered only in the test classpath (src/test/resources/META-INF/services), so
 * that {@code probity repro} can be tested without running a real experiment: one whose claims
 * all hold and one with a failing claim. The measured numbers echo the mode and seed, so the
 * tests can see that both were passed through.
 */
public final class FakeRepro {
  private FakeRepro() {}

  static ReproResult result(Repro r, Mode mode, long seed, boolean secondHolds) {
    Map<String, Double> m1 = new LinkedHashMap<>();
    m1.put("seed", (double) seed);
    m1.put("full", mode == Mode.FULL ? 1.0 : 0.0);
    Map<String, Double> m2 = new LinkedHashMap<>();
    m2.put("gap", secondHolds ? 0.25 : -0.5);
    m2.put("undefined", Double.NaN);
    return new ReproResult(r.id(), r.paper(), mode, seed, List.of(
        new ClaimResult(r.claims().get(0), m1, true, "echoes its inputs"),
        new ClaimResult(r.claims().get(1), m2, secondHolds, "")));
  }

  /** Every claim holds. */
  public static final class Holds implements Repro {
    @Override
    public String id() {
      return "fake-holds";
    }

    @Override
    public String paper() {
      return "A Paper That Holds (Test 2024)";
    }

    @Override
    public List<Claim> claims() {
      return List.of(new Claim("echo", "The mode and seed arrive."), new Claim("gap", "The gap is positive."));
    }

    @Override
    public ReproResult run(Mode mode, long seed) {
      return result(this, mode, seed, true);
    }
  }

  /** The second claim fails. */
  public static final class Fails implements Repro {
    @Override
    public String id() {
      return "fake-fails";
    }

    @Override
    public String paper() {
      return "A Paper That Fails (Test 2024)";
    }

    @Override
    public List<Claim> claims() {
      return List.of(new Claim("echo", "The mode and seed arrive."), new Claim("gap", "The gap is positive."));
    }

    @Override
    public ReproResult run(Mode mode, long seed) {
      return result(this, mode, seed, false);
    }
  }
}
