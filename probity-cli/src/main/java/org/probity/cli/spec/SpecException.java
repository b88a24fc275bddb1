package org.probity.cli.spec;

/**
 * A spec that cannot be used as written: an unknown key, a value of the wrong type, an invalid
 * value. The message is one line that starts with the location ("spec.yaml:7:5: ...") and names
 * the key path and what was expected, so the command line can print it as is and exit 2.
 */
public final class SpecException extends RuntimeException {
  private final transient Loc loc;

  public SpecException(Loc loc, String message) {
    super(loc == null ? message : loc + ": " + message);
    this.loc = loc;
  }

  /** Where the problem is, or null when it concerns no single place. */
  public Loc loc() {
    return loc;
  }
}
