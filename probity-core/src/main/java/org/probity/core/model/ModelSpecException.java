package org.probity.core.model;

/**
 * A model section that cannot be built: an unknown type, a setting that does not apply to the
 * type, or a model that does not fit the data. {@link #field()} names the offending key of the
 * model section ("type", "hidden", ...) so the spec reader can prefix its own path
 * ("variants[1].model.hidden") and line.
 */
public final class ModelSpecException extends IllegalArgumentException {
  private final String field;

  public ModelSpecException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The key of the model section at fault, or "" when the fault is in the data rather than the spec. */
  public String field() {
    return field;
  }
}
