package org.probity.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;

/**
 * Checks autograd against central finite differences. The scalar probed is {@code sum(w ⊙ f(x))}
 * with fixed random weights w, so every output element matters; that sum and the difference
 * quotient are formed in double precision from the float32 forward values, which keeps the
 * numerical gradient accurate to about 1e-4 for step 1e-2 on well-scaled inputs. Inputs should keep
 * away from kinks (relu at 0, abs at 0, ties in max) by more than the step.
 */
public final class GradCheck {
  private final double step;
  private final double atol;
  private final double rtol;

  private GradCheck(double step, double atol, double rtol) {
    this.step = step;
    this.atol = atol;
    this.rtol = rtol;
  }

  /** Defaults suited to float32: step 1e-2, |a-n| <= 2e-3 + 2e-2·max(|a|,|n|). */
  public static GradCheck standard() {
    return new GradCheck(1e-2, 2e-3, 2e-2);
  }

  public static GradCheck of(double step, double atol, double rtol) {
    return new GradCheck(step, atol, rtol);
  }

  /** Convenience: {@code GradCheck.standard().check(name, f, inputs)}. */
  public static void verify(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
    standard().check(name, f, inputs);
  }

  /** Fails the test with the first mismatching element of any input. */
  public void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
    for (Tensor in : inputs) {
      in.zeroGrad();
      in.requiresGrad(true);
    }
    Tensor weights;
    Tensor out;
    try (Tape tape = Tape.start()) {
      out = f.apply(inputs);
      weights = Tensor.uniform(new Rng(out.size() * 31L + 7), -1f, 1f, out.shape().dims());
      Tensor loss = weightedSum(out, weights);
      tape.backward(loss);
    }
    float[] w = weights.data();
    for (int i = 0; i < inputs.length; i++) {
      Tensor x = inputs[i];
      float[] d = x.data();
      Tensor analytic = x.grad();
      for (int j = 0; j < d.length; j++) {
        float saved = d[j];
        d[j] = (float) (saved + step);
        double plus = dot(f.apply(inputs), w);
        d[j] = (float) (saved - step);
        double minus = dot(f.apply(inputs), w);
        d[j] = saved;
        double h2 = (double) (float) (saved + step) - (double) (float) (saved - step);
        double numeric = (plus - minus) / h2;
        double a = analytic == null ? 0.0 : analytic.data()[j];
        if (Math.abs(a - numeric) > atol + rtol * Math.max(Math.abs(a), Math.abs(numeric))) {
          fail(name + ": gradient of input " + i + " (shape " + x.shape() + ") at flat index " + j
              + ": autograd " + a + ", finite differences " + numeric);
        }
      }
    }
  }

  private static double dot(Tensor y, float[] w) {
    float[] d = y.data();
    double s = 0;
    for (int i = 0; i < d.length; i++) {
      s += (double) d[i] * w[i];
    }
    return s;
  }

  /** sum(w ⊙ y), recorded with its own backward so the checker relies on no op under test. */
  private static Tensor weightedSum(Tensor y, Tensor w) {
    Tensor out = Tensor.scalar((float) dot(y, w.data()));
    return Tape.record("weightedSum", out, g -> {
      float gv = g.item();
      float[] wd = w.data();
      float[] gy = new float[wd.length];
      for (int i = 0; i < gy.length; i++) {
        gy[i] = gv * wd[i];
      }
      return new Tensor[] {Tensor.wrap(gy, y.shape())};
    }, y);
  }
}
