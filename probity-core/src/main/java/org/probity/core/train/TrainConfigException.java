package org.probity.core.train;

/**
 * A training setting that cannot work: a non-positive size, both or neither of epochs and steps,
 * a batch larger than the data. {@link #field()} names the offending key ("batchSize", "epochs",
 * ...) so that the spec reader can report it under its own path and line.
 */
public final class TrainConfigException extends IllegalArgumentException {
  private final String field;

  public TrainConfigException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The setting at fault. */
  public String field() {
    return field;
  }
}
