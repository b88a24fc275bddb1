package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Per-example Conv2d gradients against the definition: each example's gradient computed alone, by
 * an ordinary backward pass on a batch of one. The loss Σ_i Σ w_i ⊙ y_i² / 2 is a sum over examples
 * and not linear in the output, so backprops differ between examples.
 */
class Conv2dGradSamplerTest {
  /** Σ w ⊙ y² / 2 with a hand-written backward, so the test relies on no op outside this package. */
  private static Tensor weightedSquares(Tensor y, float[] w, int wOff) {
    float[] d = y.data();
    double s = 0;
    for (int i = 0; i < d.length; i++) {
      s += 0.5 * w[wOff + i] * d[i] * d[i];
    }
    return Tape.record("weightedSquares", Tensor.scalar((float) s), g -> {
      float[] gy = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        gy[i] = g.item() * w[wOff + i] * d[i];
      }
      return new Tensor[] {Tensor.wrap(gy, y.shape())};
    }, y);
  }

  private static Tensor example(Tensor x, int i) {
    int per = x.size() / x.dim(0);
    int[] dims = x.shape().dims();
    dims[0] = 1;
    float[] d = new float[per];
    System.arraycopy(x.data(), i * per, d, 0, per);
    return Tensor.wrap(d, Shape.of(dims));
  }

  private static double relativeError(float[] got, float[] want) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < want.length; i++) {
      diff += ((double) got[i] - want[i]) * ((double) got[i] - want[i]);
      norm += (double) want[i] * want[i];
    }
    return Math.sqrt(diff / Math.max(norm, 1e-30));
  }

  /** Runs the model on {@code x} and back-propagates the loss, optionally collecting per-example data. */
  private static void backward(Function<Tensor, Tensor> model, Tensor x, float[] lossWeights, int wOff,
      PerExample pe) {
    try (Tape tape = pe == null ? Tape.start() : Tape.start(pe)) {
      Tensor y = model.apply(x);
      tape.backward(weightedSquares(y, lossWeights, wOff));
    }
  }

  private static void check(List<Tensor> params, Function<Tensor, Tensor> model, Tensor x, int outPerExample) {
    int b = x.dim(0);
    float[] lossWeights = Tensor.uniform(new Rng(99), 0.5f, 1.5f, b * outPerExample).data();
    // The batch gradient.
    backward(model, x, lossWeights, 0, null);
    float[][] batchGrads = new float[params.size()][];
    for (int p = 0; p < params.size(); p++) {
      batchGrads[p] = params.get(p).grad().toArray();
      params.get(p).zeroGrad();
    }
    // Per-example gradients in one pass.
    PerExample pe = PerExample.forGradients();
    backward(model, x, lossWeights, 0, pe);
    for (int p = 0; p < params.size(); p++) {
      Tensor param = params.get(p);
      Tensor perEx = pe.gradient(param);
      assertNotNull(perEx, "no per-example gradient for parameter " + p);
      assertEquals(b, perEx.dim(0));
      float[] summed = new float[param.size()];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < summed.length; j++) {
          summed[j] += perEx.data()[i * summed.length + j];
        }
      }
      assertTrue(relativeError(summed, batchGrads[p]) <= 1e-5, "parameter " + p + ": per-example sum vs batch, "
          + relativeError(summed, batchGrads[p]));
      assertTrue(relativeError(param.grad().data(), batchGrads[p]) <= 1e-6, "the batch gradient is unchanged");
      param.zeroGrad();
    }
    // Each example alone, and the squared norms.
    double[] wantNorms = new double[b];
    for (int i = 0; i < b; i++) {
      backward(model, example(x, i), lossWeights, i * outPerExample, null);
      for (int p = 0; p < params.size(); p++) {
        Tensor param = params.get(p);
        float[] alone = param.grad().toArray();
        param.zeroGrad();
        float[] mine = new float[alone.length];
        System.arraycopy(pe.gradient(param).data(), i * alone.length, mine, 0, alone.length);
        assertTrue(relativeError(mine, alone) <= 1e-5, "example " + i + " parameter " + p + ": "
            + relativeError(mine, alone));
        for (float v : alone) {
          wantNorms[i] += (double) v * v;
        }
      }
    }
    PerExample norms = PerExample.forNorms();
    backward(model, x, lossWeights, 0, norms);
    float[] got = norms.squaredNorms().data();
    for (int i = 0; i < b; i++) {
      assertEquals(wantNorms[i], got[i], 1e-4 * wantNorms[i], "squared norm of example " + i);
    }
    for (Tensor param : params) {
      param.zeroGrad();
    }
  }

  @ParameterizedTest(name = "B={0} Cin={1} Cout={2} {3}x{4} kernel {5} stride {6} pad {7} gram={8}")
  @CsvSource({
      "3, 3, 4, 4, 4, 3, 1, 0, true",    // 4 positions: norms by the Gram identity
      "3, 3, 4, 8, 7, 3, 1, 1, false",   // 56 positions: norms from materialised gradients
      "2, 1, 2, 5, 6, 3, 2, 2, false",
      "4, 2, 3, 3, 3, 1, 1, 0, false",
      "5, 4, 8, 5, 4, 3, 1, 0, true",
      "2, 1, 2, 16, 16, 3, 1, 1, false"}) // 256 positions: one image per GEMM
  void perExampleGradientsMatchTheDefinition(int b, int cin, int cout, int h, int w, int k, int stride, int pad,
      boolean gram) {
    Rng rng = new Rng(b * 1000L + h);
    Conv2d conv = new Conv2d(cin, cout, k, stride, pad, rng);
    Tensor x = Tensor.randn(rng, b, cin, h, w);
    Im2col geo = conv.geometry(x);
    assertEquals(gram, Conv2dGradSampler.useGram(cout, geo.rows(), geo.positions()));
    check(List.of(conv.weight(), conv.bias()), conv::forward, x, cout * geo.positions());
  }

  @ParameterizedTest(name = "pool={0}")
  @CsvSource({"max", "avg"})
  void stackedConvolutionsThroughAPool(String pool) {
    Rng rng = new Rng(21);
    Conv2d first = new Conv2d(2, 3, 3, 1, 1, rng);
    Module down = pool.equals("max") ? new MaxPool2d(2) : new AvgPool2d(2);
    Conv2d second = new Conv2d(3, 4, 2, 2, 3, 1, false, rng);
    Tensor x = Tensor.randn(rng, 3, 2, 6, 6);
    Function<Tensor, Tensor> model = in -> second.forward(down.forward(first.forward(in)));
    int out = model.apply(example(x, 0)).size();
    check(List.of(first.weight(), first.bias(), second.weight()), model, x, out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gradients", "norms"})
  void frozenParametersAreSkipped(String mode) {
    Rng rng = new Rng(4);
    Conv2d conv = new Conv2d(1, 2, 3, 1, 0, rng);
    conv.weight().requiresGrad(false);
    Tensor x = Tensor.randn(rng, 2, 1, 4, 4);
    PerExample pe = mode.equals("norms") ? PerExample.forNorms() : PerExample.forGradients();
    backward(conv::forward, x, Tensor.ones(2 * 2 * 4).data(), 0, pe);
    if (pe.mode() == PerExample.Mode.GRADIENTS) {
      assertNull(pe.gradient(conv.weight()));
      assertNotNull(pe.gradient(conv.bias()));
    } else {
      assertEquals(2, pe.squaredNorms().size());
    }
    assertFalse(conv.weight().grad() != null);
    conv.bias().zeroGrad();
  }
}
