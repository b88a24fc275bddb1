package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.probity.tensor.GradCheck;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class Conv2dTest {
  /** The textbook seven loops, in double, reading the layer's own parameters. */
  static double[] naive(Conv2d conv, Tensor x) {
    int b = x.dim(0);
    int cin = x.dim(1);
    int h = x.dim(2);
    int w = x.dim(3);
    int kh = conv.kernelH();
    int kw = conv.kernelW();
    int s = conv.stride();
    int p = conv.padding();
    int cout = conv.outChannels();
    int oh = (h + 2 * p - kh) / s + 1;
    int ow = (w + 2 * p - kw) / s + 1;
    double[] out = new double[b * cout * oh * ow];
    for (int n = 0; n < b; n++) {
      for (int co = 0; co < cout; co++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = conv.bias() == null ? 0 : conv.bias().data()[co];
            for (int ci = 0; ci < cin; ci++) {
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  int ih = i * s - p + u;
                  int iw = j * s - p + v;
                  if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                    acc += (double) x.get(n, ci, ih, iw) * conv.weight().get(co, ci, u, v);
                  }
                }
              }
            }
            out[((n * cout + co) * oh + i) * ow + j] = acc;
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "B={0} Cin={1} Cout={2} {3}x{4} kernel {5}x{6} stride {7} pad {8}")
  @CsvSource({
      "2, 3, 4, 5, 5, 3, 3, 1, 0",
      "2, 3, 4, 5, 7, 3, 3, 1, 1",
      "3, 1, 2, 6, 9, 3, 3, 2, 1",
      "2, 3, 5, 7, 6, 3, 3, 2, 2",
      "2, 1, 3, 4, 5, 1, 1, 1, 0",
      "2, 3, 2, 5, 5, 1, 1, 2, 0",
      "2, 3, 2, 5, 4, 1, 1, 1, 2",
      "2, 2, 3, 6, 7, 2, 3, 1, 1",
      "4, 2, 3, 10, 10, 3, 3, 1, 1", // 100 positions: groups of 3, last group of 1
      "2, 1, 2, 16, 17, 3, 3, 1, 1", // 272 positions: one image per GEMM
      "1, 3, 2, 3, 3, 5, 5, 1, 1"})  // kernel larger than the image, padding makes it fit
  void forwardMatchesNaiveLoops(int b, int cin, int cout, int h, int w, int kh, int kw, int stride, int pad) {
    Rng rng = new Rng(11);
    Conv2d conv = new Conv2d(cin, cout, kh, kw, stride, pad, true, rng);
    Tensor x = Tensor.randn(rng, b, cin, h, w);
    Tensor y = conv.forward(x);
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (w + 2 * pad - kw) / stride + 1;
    assertEquals(List.of(b, cout, oh, ow), List.of(y.dim(0), y.dim(1), y.dim(2), y.dim(3)));
    double[] want = naive(conv, x);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], y.data()[i], 1e-5 * (1 + Math.abs(want[i])), "element " + i);
    }
  }

  @Test
  void forwardWithoutBiasMatchesNaiveLoops() {
    Rng rng = new Rng(3);
    Conv2d conv = new Conv2d(2, 3, 3, 2, 1, false, rng);
    assertNull(conv.bias());
    assertEquals(List.of("weight"), conv.params().names());
    Tensor x = Tensor.randn(rng, 2, 2, 5, 6);
    double[] want = naive(conv, x);
    float[] got = conv.forward(x).data();
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])));
    }
  }

  @Test
  void initialisationIsUniformWithinOneOverRootFanIn() {
    Conv2d conv = new Conv2d(3, 8, 3, 1, 0, new Rng(5));
    double bound = 1 / Math.sqrt(27);
    double max = 0;
    for (float v : conv.weight().data()) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.8 * bound, "max |w| = " + max + ", bound " + bound);
    assertEquals(List.of("weight", "bias"), conv.params().names());
    assertEquals(org.probity.tensor.Shape.of(8, 3, 3, 3), conv.weight().shape());
  }

  @ParameterizedTest(name = "B={0} Cin={1} Cout={2} {3}x{4} kernel {5}x{6} stride {7} pad {8}")
  @CsvSource({
      "2, 2, 3, 5, 4, 3, 3, 2, 1",
      "2, 1, 2, 4, 4, 3, 3, 1, 0",
      "3, 2, 2, 3, 5, 1, 1, 1, 0",
      "2, 3, 2, 4, 5, 2, 3, 1, 2",
      "1, 1, 1, 16, 16, 3, 3, 1, 1"}) // 256 positions: the one-image-per-GEMM path
  void gradientsMatchFiniteDifferences(int b, int cin, int cout, int h, int w, int kh, int kw, int stride,
      int pad) {
    Rng rng = new Rng(17);
    Conv2d conv = new Conv2d(cin, cout, kh, kw, stride, pad, true, rng);
    Tensor x = Tensor.randn(rng, b, cin, h, w);
    GradCheck.verify("conv2d", in -> conv.forward(in[0]), x, conv.weight(), conv.bias());
  }

  @Test
  void gradientFlowsOnlyToWhatNeedsIt() {
    Rng rng = new Rng(2);
    Conv2d conv = new Conv2d(2, 2, 3, 1, 1, rng);
    Tensor x = Tensor.randn(rng, 2, 2, 4, 4);
    conv.bias().requiresGrad(false);
    try (Tape tape = Tape.start()) {
      Tensor y = conv.forward(x);
      assertEquals(1, tape.size(), "one fused node per call");
      tape.backward(sum(y));
    }
    assertNull(x.grad());
    assertNull(conv.bias().grad());
    assertTrue(conv.weight().grad() != null);
  }

  @Test
  void errorsNameTheLayerAndTheShapes() {
    Conv2d conv = new Conv2d(3, 4, 3, 1, 0, new Rng(1));
    IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(2, 2, 5, 5)));
    assertTrue(channels.getMessage().contains("Conv2d(3->4") && channels.getMessage().contains("[B, 3, H, W]")
        && channels.getMessage().contains("[2, 2, 5, 5]"), channels.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(2, 3, 2, 5)));
    assertTrue(small.getMessage().contains("[2, 3, 2, 5]") && small.getMessage().contains("smaller than the kernel 3x3"),
        small.getMessage());
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(3, 5, 5)));
    assertTrue(rank.getMessage().contains("[3, 5, 5]"), rank.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 0, 1, 0, new Rng(1)));
  }

  /** Sum of all elements, recorded by hand so these tests rely on no op outside this package. */
  static Tensor sum(Tensor y) {
    double s = 0;
    for (float v : y.data()) {
      s += v;
    }
    return Tape.record("testSum", Tensor.scalar((float) s), g -> new Tensor[] {Tensor.full(g.item(), y.shape())}, y);
  }
}
