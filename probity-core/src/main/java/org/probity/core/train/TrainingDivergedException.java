package org.probity.core.train;

/**
 * Training produced a NaN or infinite loss or gradient. Continuing would only turn every parameter
 * into NaN, so the trainer stops at the first such step and says which step, which quantity and
 * what value, with the usual remedies.
 */
public final class TrainingDivergedException extends RuntimeException {
  private final int step;
  private final String quantity;
  private final double value;

  public TrainingDivergedException(int step, String quantity, double value, String detail) {
    super("training diverged at step " + step + ": the " + quantity + " is " + value
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
        + "; lower the learning rate, clip gradients (clip-by-global-norm), or check the data for NaN/Inf values");
    this.step = step;
    this.quantity = quantity;
    this.value = value;
  }

  /** The 1-based step at which the value appeared. */
  public int step() {
    return step;
  }

  /** "loss" or "gradient norm". */
  public String quantity() {
    return quantity;
  }

  public double value() {
    return value;
  }
}
