package org.probity.cli.run;

/**
 * One arm of a run (a central variant or a federated strategy) failed; carries which one, so the
 * summary's error and the command's message can name it ("variant erm: training diverged").
 */
final class VariantFailure extends RuntimeException {
  private final String what;

  /** @param what "variant erm" or "strategy fedavg" */
  VariantFailure(String what, RuntimeException cause) {
    super(cause);
    this.what = what;
  }

  /** The arm and the cause's message on one line. */
  String describe() {
    return what + ": " + RunSession.message(getCause());
  }
}
