package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

class FedAvgAggregationTest {
  @Property(tries = 50)
  void weightsSumToOneAndAverageMatchesHandComputedMean(@ForAll @IntRange(min = 1, max = 6) int clients,
      @ForAll @IntRange(min = 1, max = 7) int size, @ForAll long seed) {
    Rng rng = new Rng(seed);
    List<FitReply> replies = new ArrayList<>();
    int[] n = new int[clients];
    float[][] w = new float[clients][size + 2];
    for (int k = 0; k < clients; k++) {
      n[k] = 1 + rng.nextInt(100);
      for (int i = 0; i < size + 2; i++) {
        w[k][i] = (float) rng.nextGaussian();
      }
      Map<String, Tensor> m = new java.util.LinkedHashMap<>();
      m.put("a", Tensor.wrap(java.util.Arrays.copyOfRange(w[k], 0, size), Shape.of(size)));
      m.put("b", Tensor.wrap(java.util.Arrays.copyOfRange(w[k], size, size + 2), Shape.of(1, 2)));
      replies.add(new FitReply(k, new Params(m), n[k], Map.of()));
    }
    double[] weights = FedAvg.weights(replies);
    double sum = 0;
    for (double x : weights) {
      sum += x;
    }
    assertEquals(1.0, sum, 1e-12);
    float[] got = FedAvg.weightedAverage(replies).flatten().data();
    double total = 0;
    for (int x : n) {
      total += x;
    }
    for (int i = 0; i < size + 2; i++) {
      double expect = 0;
      for (int k = 0; k < clients; k++) {
        expect += n[k] * (double) w[k][i];
      }
      expect /= total;
      assertEquals(expect, got[i], 1e-5, "coordinate " + i);
    }
  }
}
