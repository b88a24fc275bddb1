package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.probity.tensor.GradCheck;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

class CausalSelfAttentionTest {
  /** y = x·Wᵀ + b in double, for one position. */
  private static double[] affine(Linear l, double[] x) {
    int in = l.inFeatures();
    int out = l.outFeatures();
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = l.bias().data()[o];
      for (int i = 0; i < in; i++) {
        s += l.weight().data()[o * in + i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  /** Attention written out position by position in double, with the mask as a loop bound. */
  private static double[] naive(CausalSelfAttention a, Tensor x) {
    int b = x.dim(0);
    int t = x.dim(1);
    int d = a.dModel();
    int h = a.numHeads();
    int hd = d / h;
    double[] out = new double[b * t * d];
    for (int n = 0; n < b; n++) {
      double[][] qkv = new double[t][];
      for (int p = 0; p < t; p++) {
        double[] xp = new double[d];
        for (int i = 0; i < d; i++) {
          xp[i] = x.get(n, p, i);
        }
        qkv[p] = affine(a.qkv(), xp);
      }
      for (int p = 0; p < t; p++) {
        double[] mixed = new double[d];
        for (int head = 0; head < h; head++) {
          double[] w = new double[p + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int s = 0; s <= p; s++) {
            double dot = 0;
            for (int j = 0; j < hd; j++) {
              dot += qkv[p][head * hd + j] * qkv[s][d + head * hd + j];
            }
            w[s] = dot / Math.sqrt(hd);
            max = Math.max(max, w[s]);
          }
          double z = 0;
          for (int s = 0; s <= p; s++) {
            w[s] = Math.exp(w[s] - max);
            z += w[s];
          }
          for (int s = 0; s <= p; s++) {
            for (int j = 0; j < hd; j++) {
              mixed[head * hd + j] += w[s] / z * qkv[s][2 * d + head * hd + j];
            }
          }
        }
        double[] y = affine(a.proj(), mixed);
        System.arraycopy(y, 0, out, (n * t + p) * d, d);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "B={0} T={1} d={2} heads={3}")
  @CsvSource({"2, 3, 4, 2", "1, 5, 6, 3", "3, 4, 8, 1", "2, 1, 4, 4"})
  void forwardMatchesNaiveLoops(int b, int t, int d, int h) {
    Rng rng = new Rng(b * 100 + t);
    CausalSelfAttention a = new CausalSelfAttention(d, h, rng);
    Tensor x = Tensor.randn(rng, b, t, d);
    Tensor y = a.forward(x);
    assertEquals(x.shape(), y.shape());
    double[] want = naive(a, x);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], y.data()[i], 1e-5 * (1 + Math.abs(want[i])), "element " + i);
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Rng rng = new Rng(8);
    CausalSelfAttention a = new CausalSelfAttention(4, 2, rng);
    Tensor x = Tensor.randn(rng, 2, 3, 4);
    Params p = a.params();
    GradCheck.verify("causal self-attention", in -> a.forward(in[0]), x, p.get("qkv.weight"), p.get("qkv.bias"),
        p.get("proj.weight"), p.get("proj.bias"));
  }

  @Test
  void laterPositionsDoNotChangeEarlierOutputs() {
    Rng rng = new Rng(9);
    CausalSelfAttention a = new CausalSelfAttention(4, 2, rng);
    int t = 5;
    Tensor x = Tensor.randn(rng, 2, t, 4);
    float[] before = a.forward(x).toArray();
    for (int changed = 0; changed < t; changed++) {
      Tensor x2 = Tensor.of(x.toArray(), 2, t, 4);
      for (int i = 0; i < 4; i++) {
        x2.data()[(t + changed) * 4 + i] += 1f; // example 1, position `changed`
      }
      float[] after = a.forward(x2).toArray();
      for (int p = 0; p < t; p++) {
        for (int i = 0; i < 4; i++) {
          int e0 = p * 4 + i;
          int e1 = (t + p) * 4 + i;
          assertEquals(before[e0], after[e0], 0f, "example 0 is untouched");
          if (p < changed) {
            assertEquals(before[e1], after[e1], 0f, "position " + p + " saw position " + changed);
          }
        }
      }
      assertNotEquals(before[(t + changed) * 4], after[(t + changed) * 4], "position " + changed + " sees itself");
    }
  }

  @Test
  void perExampleGradientsOfAllProjectionsSumToTheBatchGradient() {
    Rng rng = new Rng(10);
    CausalSelfAttention a = new CausalSelfAttention(4, 2, rng);
    Tensor x = Tensor.randn(rng, 3, 3, 4);
    Params params = a.params();
    try (Tape tape = Tape.start()) {
      tape.backward(Conv2dTest.sum(a.forward(x).square()));
    }
    PerExample pe = PerExample.forGradients();
    Params batch = params.unflatten(params.grads().flatten());
    params.zeroGrad();
    try (Tape tape = Tape.start(pe)) {
      tape.backward(Conv2dTest.sum(a.forward(x).square()));
    }
    for (String name : params.names()) {
      Tensor perEx = pe.gradient(params.get(name));
      float[] want = batch.get(name).data();
      for (int j = 0; j < want.length; j++) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
          s += perEx.data()[i * want.length + j];
        }
        assertEquals(want[j], s, 1e-5 * (1 + Math.abs(want[j])), name + "[" + j + "]");
      }
    }
    params.zeroGrad();
  }

  @Test
  void parametersAndErrors() {
    CausalSelfAttention a = new CausalSelfAttention(6, 3, new Rng(1));
    assertEquals(List.of("qkv.weight", "qkv.bias", "proj.weight", "proj.bias"), a.params().names());
    assertEquals(6 * 18 + 18 + 36 + 6, a.params().count());
    IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
        () -> new CausalSelfAttention(6, 4, new Rng(1)));
    assertTrue(heads.getMessage().contains("6") && heads.getMessage().contains("4"), heads.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> a.forward(Tensor.zeros(2, 3, 5)));
    assertTrue(shape.getMessage().contains("[B, T, 6]") && shape.getMessage().contains("[2, 3, 5]"),
        shape.getMessage());
  }
}
