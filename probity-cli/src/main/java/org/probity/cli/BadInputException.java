package org.probity.cli;

/**
 * Input a command cannot use (a missing file, an unknown name, an unusable folder), found after
 * option parsing. {@link Probity} prints its message as one line and exits 2, like picocli's own
 * parameter errors but without the "see --help" hint, which does not help with a file's content.
 */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
