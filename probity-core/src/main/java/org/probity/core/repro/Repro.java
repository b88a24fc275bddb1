package org.probity.core.repro;

import java.util.List;

/**
 * A paper's small-scale reproduction: it states the paper's claims, runs the experiment behind
 * them, and reports each with the numbers it measured and PASS or FAIL. Implementations live in
 * the module of their method and register through {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/org.probity.core.repro.Repro}); {@code probity repro ID} finds them there.
 */
public interface Repro {
  /** The paper's short id, as in docs/papers.md (for example "term"). */
  String id();

  /** The paper's title and venue. */
  String paper();

  List<Claim> claims();

  /** Runs the reproduction; a claim that does not hold is a result, not an exception. */
  ReproResult run(Mode mode, long seed);
}
