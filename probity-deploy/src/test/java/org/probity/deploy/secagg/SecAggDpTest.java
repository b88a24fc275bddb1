package org.probity.deploy.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.federated.ClientSampler;
import org.probity.federated.DpFixedClipping;
import org.probity.federated.FedAvg;
import org.probity.federated.FitReply;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** clip → mask → sum → noise releases what DpFixedClipping's clip → sum → noise releases, up to quantization. */
class SecAggDpTest {
  @Test
  void secureAggregationThenNoiseMatchesDpFixedClipping() {
    int n = 5;
    double clip = 1.0;
    double sigma = 0.8;
    SecAggConfig config = new SecAggConfig(20, 18, clip, n, 3);
    Map<String, Tensor> shape = new LinkedHashMap<>();
    Rng data = new Rng(3);
    float[] w = new float[16];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) data.nextGaussian();
    }
    shape.put("w", Tensor.wrap(w, org.probity.tensor.Shape.of(4, 4)));
    shape.put("b", Tensor.wrap(new float[4], org.probity.tensor.Shape.of(4)));
    Params global = new Params(shape);
    int[] ids = {0, 1, 2, 3, 4};
    float[][] updates = SecAggHarness.inputs(n, 20, 0.9, 21);

    // The reference: DpFixedClipping over FedAvg, server-side clipping and noise.
    DpFixedClipping dp = new DpFixedClipping(new FedAvg(ClientSampler.all()), sigma, clip, 1.0, 1e-5);
    Rng roundRng = new Rng(77);
    dp.checkPool(ids);
    dp.configureFit(1, global, ids, roundRng);
    List<FitReply> replies = new ArrayList<>();
    float[] g = global.flatten().data();
    for (int k = 0; k < n; k++) {
      float[] p = new float[20];
      for (int i = 0; i < 20; i++) {
        p[i] = g[i] + updates[k][i];
      }
      replies.add(new FitReply(ids[k], global.unflatten(Tensor.vector(p)), 10, Map.of()));
    }
    float[] reference = dp.aggregateFit(1, global, replies).flatten().data();

    // Secure aggregation: clients clip (the updates as they reach the server) and mask; the server
    // unmasks the sum and adds the same noise stream.
    Map<Integer, float[]> in = new HashMap<>();
    for (int k = 0; k < n; k++) {
      float[] delta = replies.get(k).params().flatten().data().clone();
      for (int i = 0; i < 20; i++) {
        delta[i] -= g[i];
      }
      in.put(ids[k], SecAggDp.clipL2(delta, clip));
    }
    SecAggResult r = new SecAggHarness(config, 1, ids, 5).run(in, Map.of());
    Params mean = SecAggDp.noisyMean(r.sum(), global, sigma, clip, 1.0 * n,
        new Rng(77).derive("dp-fixed-clipping-noise"));
    float[] m = mean.flatten().data();
    double bound = new Quantizer(config).sumErrorBound(n) / n + 1e-5;
    double noiseSeen = 0;
    for (int i = 0; i < 20; i++) {
      double secagg = g[i] + (double) m[i];
      assertEquals(reference[i], secagg, bound, "coordinate " + i);
      noiseSeen = Math.max(noiseSeen, Math.abs(m[i] - r.sum()[i] / n));
    }
    assertTrue(noiseSeen > 0.05, "noise was added: " + noiseSeen);
  }

  @Test
  void clipL2BoundsTheNorm() {
    float[] x = {3f, 4f, 0f};
    float[] c = SecAggDp.clipL2(x, 1.0);
    double norm = Math.sqrt(c[0] * c[0] + c[1] * c[1]);
    assertTrue(norm <= 1.0 && norm > 0.9999, "norm " + norm);
    assertEquals(0.6f, c[0], 1e-6);
    assertEquals(3f, x[0], "input untouched");
    float[] small = SecAggDp.clipL2(new float[] {0.1f}, 1.0);
    assertEquals(0.1f, small[0]);
  }
}
