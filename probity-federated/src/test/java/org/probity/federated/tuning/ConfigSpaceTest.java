package org.probity.federated.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAdam;
import org.probity.federated.FedAvg;
import org.probity.federated.tuning.ConfigSpace.Hyperparameters;
import org.probity.tensor.Rng;

/** Sampling the tuning search space: ranges, determinism, both algorithms, refusals. */
class ConfigSpaceTest {
  @Test
  void samplesStayInTheirRangesAndRepeatForASeed() {
    ConfigSpace space = ConfigSpace.narrowed();
    List<Hyperparameters> a = space.sample(200, new Rng(3));
    assertEquals(a, space.sample(200, new Rng(3)));
    int adam = 0;
    for (Hyperparameters h : a) {
      double s = Math.log10(h.serverLr());
      double c = Math.log10(h.clientLr());
      assertTrue(s >= -2.5 && s <= 0, "server lr " + h.serverLr());
      assertTrue(c >= -3 && c <= 0.5, "client lr " + h.clientLr());
      assertTrue(h.beta1() >= 0 && h.beta1() <= 0.9 && h.beta2() >= 0 && h.beta2() <= 0.999, h.toString());
      assertTrue(List.of(32, 64, 128).contains(h.batchSize()), h.toString());
      adam += h.algorithm().equals(Hyperparameters.FEDADAM) ? 1 : 0;
      assertTrue(h.strategy(ClientSampler.fixedCount(10)) instanceof FedAdam == h.algorithm().equals("fedadam"));
    }
    assertTrue(adam > 70 && adam < 130, "about half FedAdam: " + adam);
    Hyperparameters avg = new Hyperparameters("fedavg", 0.1, 0.5, 0.5, 0.01, 32);
    assertEquals(FedAvg.class, avg.strategy(ClientSampler.all()).getClass());
  }

  @Test
  void paperSpaceIsAllFedAdam() {
    for (Hyperparameters h : ConfigSpace.paper().sample(50, new Rng(1))) {
      assertEquals("fedadam", h.algorithm());
      assertTrue(Math.log10(h.clientLr()) >= -6 && Math.log10(h.clientLr()) <= 0);
    }
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigSpace(-1, -2, 0.9, 0.999, -4, -1, List.of(32), 1));
    assertThrows(IllegalArgumentException.class, () -> new ConfigSpace(-3, -1, 1.0, 0.999, -4, -1, List.of(32), 1));
    assertThrows(IllegalArgumentException.class, () -> new ConfigSpace(-3, -1, 0.9, 0.999, -4, -1, List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> new Hyperparameters("sgd", 0.1, 0, 0, 0.1, 32));
    assertThrows(IllegalArgumentException.class, () -> ConfigSpace.narrowed().sample(0, new Rng(1)));
  }
}
