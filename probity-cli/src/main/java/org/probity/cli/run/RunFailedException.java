package org.probity.cli.run;

/**
 * A run that started (its folder exists) but could not finish: its summary.json says
 * {@code "status": "failed"} with the error, and the command exits 1 naming the folder.
 */
public final class RunFailedException extends RuntimeException {
  private final transient RunFolder run;

  public RunFailedException(RunFolder run, String message, Throwable cause) {
    super(message, cause);
    this.run = run;
  }

  public RunFolder run() {
    return run;
  }
}
