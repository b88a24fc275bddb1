package org.probity.core.data;

/** A fetch that failed (the script's error, a time-out, no bash); the message is one line for the user. */
public class DataFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataFetchException(String message) {
    super(message);
  }

  public DataFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
