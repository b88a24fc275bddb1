package org.probity.core.metrics;

/**
 * Mean squared error and its root over all predicted values, the figures the TERM paper reports
 * for robust regression (clean test RMSE). Accumulated in double so that long float arrays do not
 * lose precision.
 */
public final class RegressionError {
  private RegressionError() {}

  public static double mse(float[] predicted, float[] target) {
    if (predicted.length != target.length) {
      throw new IllegalArgumentException("mse: " + predicted.length + " predictions for " + target.length
          + " targets");
    }
    if (target.length == 0) {
      throw new IllegalArgumentException("mse: no examples");
    }
    double s = 0;
    for (int i = 0; i < target.length; i++) {
      double d = (double) predicted[i] - target[i];
      s += d * d;
    }
    return s / target.length;
  }

  public static double rmse(float[] predicted, float[] target) {
    return Math.sqrt(mse(predicted, target));
  }
}
