package org.probity.core.repro;

/** How much of a reproduction to run: QUICK fits in CI (seconds), FULL runs more seeds for the docs. */
public enum Mode {
  QUICK,
  FULL
}
