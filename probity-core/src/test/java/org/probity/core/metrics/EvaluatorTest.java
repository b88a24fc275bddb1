package org.probity.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Linear;

class EvaluatorTest {
  @Test
  void multiclassMetricsMatchBruteForce() {
    Rng rng = new Rng(5);
    int n = 2500; // more than one evaluation chunk
    int c = 3;
    Tensor x = Tensor.randn(rng, n, 4);
    int[] y = new int[n];
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(c);
      g[i] = i % 7 == 0 ? 2 : rng.nextInt(2);
    }
    Dataset data = Dataset.classification("toy", x, y, c).withGroups(g);
    Linear model = new Linear(4, c, rng);
    Metrics m = Evaluator.evaluate(model, data, LossFunction.crossEntropy());

    float[] w = model.weight().data();
    float[] b = model.bias().data();
    float[] xd = x.data();
    double[] loss = new double[n];
    int[] pred = new int[n];
    double[] conf = new double[n];
    float[] probs = new float[n * c];
    for (int i = 0; i < n; i++) {
      double[] z = new double[c];
      for (int k = 0; k < c; k++) {
        z[k] = b[k];
        for (int j = 0; j < 4; j++) {
          z[k] += (double) w[k * 4 + j] * xd[i * 4 + j];
        }
      }
      double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
      loss[i] = lse - z[y[i]];
      for (int k = 0; k < c; k++) {
        probs[i * c + k] = (float) Math.exp(z[k] - lse);
        if (z[k] > z[pred[i]]) {
          pred[i] = k;
        }
      }
      conf[i] = Math.exp(z[pred[i]] - lse);
    }
    double meanLoss = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      meanLoss += loss[i] / n;
      hits += pred[i] == y[i] ? 1 : 0;
    }
    assertEquals(meanLoss, m.get(Metrics.LOSS), 1e-5);
    assertEquals((double) hits / n, m.get(Metrics.ACCURACY), 1e-12);

    // Per group, and worst group, by direct loops.
    double worstAcc = 1;
    double worstLoss = 0;
    for (int k = 0; k < 3; k++) {
      int cnt = 0;
      int ok = 0;
      double l = 0;
      for (int i = 0; i < n; i++) {
        if (g[i] == k) {
          cnt++;
          ok += pred[i] == y[i] ? 1 : 0;
          l += loss[i];
        }
      }
      assertEquals((double) ok / cnt, m.group(Metrics.ACCURACY).get(k), 1e-12);
      assertEquals(l / cnt, m.group(Metrics.LOSS).get(k), 1e-5);
      assertEquals(cnt, m.group("count").get(k));
      worstAcc = Math.min(worstAcc, (double) ok / cnt);
      worstLoss = Math.max(worstLoss, l / cnt);
    }
    assertEquals(worstAcc, m.get(Metrics.WORST_GROUP_ACCURACY), 1e-12);
    assertEquals(worstLoss, m.get(Metrics.WORST_GROUP_LOSS), 1e-5);

    // AUROC: one-vs-rest by pair counting on the probabilities.
    double sum = 0;
    for (int k = 0; k < c; k++) {
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = probs[i * c + k];
        pos[i] = y[i] == k;
      }
      sum += AurocTest.bruteForce(s, pos);
    }
    assertEquals(sum / c, m.get(Metrics.AUROC), 1e-4);

    // ECE with 15 bins written out directly.
    double[] cs = new double[15];
    double[] hs = new double[15];
    for (int i = 0; i < n; i++) {
      int bin = 0;
      while (bin < 14 && conf[i] > (bin + 1) / 15.0) {
        bin++;
      }
      cs[bin] += conf[i];
      hs[bin] += pred[i] == y[i] ? 1 : 0;
    }
    double ece = 0;
    for (int bin = 0; bin < 15; bin++) {
      ece += Math.abs(hs[bin] - cs[bin]) / n;
    }
    assertEquals(ece, m.get(Metrics.ECE), 1e-4);
    assertFalse(m.has(Metrics.MSE));
    // Chunked outputs equal one forward pass over everything.
    org.junit.jupiter.api.Assertions.assertArrayEquals(model.forward(x).data(), Evaluator.outputs(model, data).data());
    assertEquals(model.forward(x).shape(), Evaluator.outputs(model, data).shape());
  }

  @Test
  void singleLogitBinaryModel() {
    Rng rng = new Rng(9);
    int n = 50;
    Tensor x = Tensor.randn(rng, n, 3);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(2);
    }
    Dataset data = Dataset.classification("bin", x, y, 2);
    Linear model = new Linear(3, 1, rng);
    Metrics m = Evaluator.evaluate(model, data, LossFunction.binaryLogistic());
    float[] z = Evaluator.outputs(model, data).data();
    double[] s = new double[n];
    boolean[] pos = new boolean[n];
    int hits = 0;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      s[i] = z[i];
      pos[i] = y[i] == 1;
      hits += (z[i] > 0 ? 1 : 0) == y[i] ? 1 : 0;
      loss += (Math.log1p(Math.exp(z[i])) - y[i] * z[i]) / n;
    }
    assertEquals((double) hits / n, m.get(Metrics.ACCURACY), 1e-12);
    assertEquals(AurocTest.bruteForce(s, pos), m.get(Metrics.AUROC), 1e-6);
    assertEquals(loss, m.get(Metrics.LOSS), 1e-5);
    assertFalse(m.has(Metrics.WORST_GROUP_ACCURACY));
  }

  @Test
  void regressionMseAndRmse() {
    Rng rng = new Rng(1);
    Tensor x = Tensor.randn(rng, 20, 2);
    Tensor t = Tensor.randn(rng, 20);
    int[] g = new int[20];
    g[3] = 1;
    Dataset data = Dataset.regression("reg", x, t).withGroups(g);
    Linear model = new Linear(2, 1, rng);
    Metrics m = Evaluator.evaluate(model, data, LossFunction.meanSquaredError());
    float[] p = Evaluator.outputs(model, data).data();
    double mse = 0;
    for (int i = 0; i < 20; i++) {
      double d = p[i] - t.data()[i];
      mse += d * d / 20;
    }
    assertEquals(mse, m.get(Metrics.MSE), 1e-6);
    assertEquals(Math.sqrt(mse), m.get(Metrics.RMSE), 1e-6);
    assertEquals(mse, m.get(Metrics.LOSS), 1e-5);
    double d3 = p[3] - t.data()[3];
    assertEquals(d3 * d3, m.group(Metrics.LOSS).get(1), 1e-5);
    assertTrue(m.get(Metrics.WORST_GROUP_LOSS) >= m.group(Metrics.LOSS).get(0));
    assertFalse(m.has(Metrics.ACCURACY));
    assertEquals(Map.of(), m.group(Metrics.ACCURACY));
  }
}
