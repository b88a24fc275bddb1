package org.probity.core.data;

/**
 * A data file that cannot be read as what it claims to be: a CSV value that is not a number, an IDX
 * file with the wrong magic number, a truncated image block. The message always starts with the
 * file (and, for text files, the line and column) so a user can open the file at the right place.
 */
public class DataFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;

  public DataFileException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public DataFileException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file (or classpath resource) the problem is in, as given to the loader. */
  public String file() {
    return file;
  }
}
