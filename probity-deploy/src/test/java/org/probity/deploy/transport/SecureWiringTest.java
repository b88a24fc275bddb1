package org.probity.deploy.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.deploy.secagg.SecAggConfig;
import org.probity.deploy.secagg.SecureFedAvg;
import org.probity.federated.ClientSampler;
import org.probity.federated.FedAvg;
import org.probity.federated.FedMedian;
import org.probity.federated.FedProx;
import org.probity.federated.FitInstruction;
import org.probity.tensor.Rng;
import org.probity.federated.Federation;
import org.probity.federated.FitReply;
import org.probity.federated.InProcessBackend;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The wiring of secure aggregation around the loopback tests: what a server configuration refuses, the
 * phase messages' codec, and that SecureFedAvg refuses to run without secure sums or with individual
 * parameters, and computes w + Σ n_kΔ_k / Σ n_k from the sum alone.
 */
class SecureWiringTest {
  @TempDir
  Path dir;

  @Test
  void theServerConfigurationRefusesMismatchedSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all())).build());
    assertTrue(e.getMessage().contains("secureAggregation"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Sites.server(dir).secureAggregation(16, 256, 2).build());
    assertTrue(e.getMessage().contains("SecureFedAvg"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all())).secureAggregation(16, 256, 1).build());
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all())).secureAggregation(30, 256, 2).build());
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    // Masked vectors travel in chunks: a vector far over the message limit is no longer refused.
    assertTrue(4L * (Sites.INIT.count() + 1) > 1024);
    assertEquals(Sites.INIT.count() + 1, Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all()))
        .secureAggregation(16, 256, 2).maxMessageBytes(1024).build().secureAggregation().vectorLength());
    ServerConfig ok = Sites.server(dir).strategy(new SecureFedAvg(ClientSampler.all())).secureAggregation(16, 256, 2)
        .build();
    assertEquals(Sites.INIT.count() + 1, ok.secureAggregation().vectorLength());
    assertNull(Sites.server(dir).build().secureAggregation());
  }

  @Test
  void phaseMessagesRoundTripAndRefuseDamage() {
    SecAggConfig c = new SecAggConfig(11, 16, 256, 3, 2);
    SecureAggregation.Setup s = new SecureAggregation.Setup(c, true, 0.5, new int[] {0, 2, 1});
    SecureAggregation.Setup back = SecureAggregation.decodeSetup(SecureAggregation.encodeSetup(s));
    assertEquals(c, back.config());
    assertTrue(back.dp());
    assertEquals(0.5, back.clipNorm());
    assertArrayEquals(new int[] {0, 2, 1}, back.participants());
    byte[] step = SecureAggregation.encodeStep(new SecureAggregation.Step(7, 2, new byte[] {1, 2, 3}));
    SecureAggregation.Step st = SecureAggregation.decodeStep(step);
    assertEquals(7, st.round());
    assertEquals(2, st.phase());
    assertArrayEquals(new byte[] {1, 2, 3}, st.body());
    assertThrows(StatusRuntimeException.class, () -> SecureAggregation.decodeStep(Arrays.copyOf(step, step.length - 1)));
    byte[] badPhase = step.clone();
    badPhase[10] = 9; // magic (4), version, type, round (4), then the phase
    StatusRuntimeException x = assertThrows(StatusRuntimeException.class, () -> SecureAggregation.decodeStep(badPhase));
    assertTrue(x.getStatus().getDescription().contains("phase"), x.getStatus().toString());
    byte[] setup = SecureAggregation.encodeSetup(new SecureAggregation.Setup(c, false, Double.NaN, new int[] {0, 1}));
    setup[6 + 3] = 0; // vectorLength 11 -> 0
    x = assertThrows(StatusRuntimeException.class, () -> SecureAggregation.decodeSetup(setup));
    assertTrue(x.getStatus().getDescription().contains("vectorLength"), x.getStatus().toString());
    assertEquals(Messages.KIND_SECAGG, Messages.decodeTask(Messages.encodeTask(new Messages.Task(
        Messages.KIND_SECAGG, 5, step))).kind());
  }

  @Test
  void secureFedAvgNeedsASecureSumAndRefusesIndividualParameters() {
    try (InProcessBackend b = new InProcessBackend(1)) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> new Federation(Sites.DATA, Sites.app(), b, Sites.SEED).run(new SecureFedAvg(ClientSampler.all()),
              Sites.INIT, 1));
      assertTrue(String.valueOf(e.getMessage()).contains("secure aggregation"), e.getMessage());
    }
    SecureFedAvg s = new SecureFedAvg(ClientSampler.all());
    Params g = Params.of(Map.of("w", Tensor.vector(new float[] {1, 2})));
    s.offer(new SecureFedAvg.SecureSum(1, new double[] {3, 6, 3}, new int[] {0, 1}));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> s.aggregateFit(1, g, List.of(new FitReply(0, g, 1, Map.of()), new FitReply(1, g, 2, Map.of()))));
    assertTrue(e.getMessage().contains("never hand an individual update"), e.getMessage());
    Params empty = new Params(Map.of());
    s.offer(new SecureFedAvg.SecureSum(2, new double[] {3, 6, 3}, new int[] {0, 1}));
    Params out = s.aggregateFit(2, g, List.of(new FitReply(0, empty, 1, Map.of()), new FitReply(1, empty, 2,
        Map.of())));
    assertArrayEquals(new float[] {2, 4}, out.flatten().data()); // w + (3, 6)/3
    s.offer(new SecureFedAvg.SecureSum(3, new double[] {3, 6, 4}, new int[] {0, 1}));
    e = assertThrows(IllegalStateException.class, () -> s.aggregateFit(3, g, List.of(new FitReply(0, empty, 1,
        Map.of()), new FitReply(1, empty, 2, Map.of()))));
    assertTrue(e.getMessage().contains("weight coordinate"), e.getMessage());
    assertTrue(new FedAvg(ClientSampler.all()).resumable() && s.resumable());
  }

  @Test
  void itDecoratesOnlyWeightedMeanStrategiesAndKeepsTheirSettings() {
    SecureFedAvg prox = SecureFedAvg.of(new FedProx(ClientSampler.all(), 0.1));
    assertEquals("secure-fedprox", prox.name());
    prox.checkPool(new int[] {0, 1});
    List<FitInstruction> fit = prox.configureFit(1, Sites.INIT, new int[] {0, 1}, new Rng(1));
    assertEquals(2, fit.size());
    for (FitInstruction in : fit) {
      assertTrue(in.config().getBoolean(SecureFedAvg.CONFIG_KEY, false));
      assertEquals(0.1, in.config().getDouble(org.probity.federated.Config.PROXIMAL_MU, 0), 1e-12);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecureFedAvg.of(new FedMedian(ClientSampler.all())));
    assertTrue(e.getMessage().contains("weighted mean"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SecureFedAvg.of(prox));
  }
}
