package org.probity.core.repro.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.CorruptedRegression;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class LeastSquaresTest {
  @Test
  void recoversExactWeightsFromNoiselessData() {
    Rng rng = new Rng(3);
    int n = 50;
    int d = 4;
    double[] w = {1.5, -2.0, 0.25, 3.0};
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) rng.nextGaussian();
        s += x[i * d + j] * w[j];
      }
      y[i] = (float) s;
    }
    double[] theta = LeastSquares.fit(x, y, n, d, 0.0);
    for (int j = 0; j < d; j++) {
      assertEquals(w[j], theta[j], 1e-5, "weight " + j);
    }
  }

  @Test
  void solvesTheRidgeNormalEquations() {
    Rng rng = new Rng(5);
    int n = 30;
    int d = 3;
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = (float) rng.nextGaussian();
    }
    double ridge = 0.7;
    double[] theta = LeastSquares.fit(x, y, n, d, ridge);
    // Xᵀ(Xθ − y) + ridge·θ = 0, checked with naive loops.
    for (int j = 0; j < d; j++) {
      double g = ridge * theta[j];
      for (int i = 0; i < n; i++) {
        double r = -y[i];
        for (int k = 0; k < d; k++) {
          r += x[i * d + k] * theta[k];
        }
        g += x[i * d + j] * r;
      }
      assertEquals(0.0, g, 1e-9, "normal equation " + j);
    }
  }

  @Test
  void gradientDescentOnTheMeanMatchesTheClosedForm() {
    CorruptedRegression.Data data = CorruptedRegression.generate(
        CorruptedRegression.Config.defaults().withSizes(400, 100).withFraction(0.2), new Rng(11));
    double[] closed = LeastSquares.fit(data.train());
    // t = 0 is exactly the mean squared error, so descent must end at least squares.
    RobustRegression.Fit gd = RobustRegression.gradientDescent(data.train(), 0.0, 0.05, 1e-6, 5000);
    for (int j = 0; j < closed.length; j++) {
      assertEquals(closed[j], gd.theta()[j], 2e-4, "coefficient " + j);
    }
    assertEquals(LeastSquares.rmse(data.test(), closed), LeastSquares.rmse(data.test(), gd.theta()), 1e-4);
  }

  @Test
  void rmseIsTheRootMeanSquaredResidual() {
    Dataset d = Dataset.regression("toy", Tensor.wrap(new float[] {1, 0, 0, 1, 1, 1}, Shape.of(3, 2)),
        Tensor.wrap(new float[] {1, 2, 6}, Shape.of(3)));
    // predictions 1, 2, 3 against 1, 2, 6: residuals 0, 0, -3.
    assertEquals(Math.sqrt(3.0), LeastSquares.rmse(d, new double[] {1, 2}), 1e-12);
  }

  @Test
  void collinearColumnsAreAnError() {
    float[] x = {1, 2, 2, 4, 3, 6};
    float[] y = {1, 2, 3};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LeastSquares.fit(x, y, 3, 2, 0.0));
    assertEquals(true, e.getMessage().contains("not positive definite"), e.getMessage());
  }
}
