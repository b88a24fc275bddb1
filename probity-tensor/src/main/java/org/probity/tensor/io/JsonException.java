package org.probity.tensor.io;

/**
 * A JSON text that {@link Json} refuses, with the character offset (0-based, counted in UTF-16
 * chars of the text) where the problem was found, so that a bad safetensors header can be fixed by
 * looking at one place rather than guessing.
 */
public final class JsonException extends IllegalArgumentException {
  private final int offset;
  private final String duplicateKey;

  public JsonException(String problem, int offset) {
    this(problem, offset, null);
  }

  JsonException(String problem, int offset, String duplicateKey) {
    super(problem + " at character " + offset);
    this.offset = offset;
    this.duplicateKey = duplicateKey;
  }

  /** Where in the text the problem was found. */
  public int offset() {
    return offset;
  }

  /** The key that appeared twice in one object, when that is the problem; otherwise null. */
  public String duplicateKey() {
    return duplicateKey;
  }
}
