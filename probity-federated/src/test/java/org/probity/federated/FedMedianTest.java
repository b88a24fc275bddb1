package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedMedianTest {
  private static FitReply reply(int client, int examples, float... values) {
    return new FitReply(client, Fixtures.constant(0, values.length).unflatten(
        org.probity.tensor.Tensor.vector(values)), examples, Map.of());
  }

  @Test
  void eachCoordinateIsTheMedianOfTheClientsWhateverTheirSizes() {
    FedMedian s = new FedMedian(ClientSampler.all());
    List<FitReply> odd = List.of(reply(0, 1, 1, 10), reply(1, 1000, 2, -5), reply(2, 1, 100, 7));
    assertArrayEquals(new float[] {2, 7}, s.aggregateFit(1, Fixtures.constant(0, 2), odd).flatten().data());
    List<FitReply> even = List.of(reply(0, 1, 1, 4), reply(1, 1, 3, 8), reply(2, 1, 5, 0), reply(3, 1, 7, 2));
    assertArrayEquals(new float[] {4, 3}, s.aggregateFit(1, Fixtures.constant(0, 2), even).flatten().data());
  }

  @Test
  void oneWildReplyCannotMoveTheMedianFar() {
    FedMedian s = new FedMedian(ClientSampler.all());
    List<FitReply> replies = List.of(reply(0, 1, 1f), reply(1, 1, 1.1f), reply(2, 1, 0.9f), reply(3, 1, 1e9f),
        reply(4, 1, 1.05f));
    float m = s.aggregateFit(1, Fixtures.constant(0, 1), replies).flatten().data()[0];
    assertArrayEquals(new float[] {1.05f}, new float[] {m});
  }
}
