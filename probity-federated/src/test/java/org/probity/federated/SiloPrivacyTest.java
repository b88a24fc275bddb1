package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.model.ModelSpec;
import org.probity.core.optim.Optimizers;
import org.probity.federated.privacy.Batching;
import org.probity.federated.privacy.SampleDp;
import org.probity.federated.privacy.SiloBudget;
import org.probity.federated.privacy.SiloLedger;
import org.probity.federated.privacy.SiloPlan;
import org.probity.federated.privacy.SiloReport;
import org.probity.federated.privacy.SiloState;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Silo-level sample DP (MR-MTL's notion) through {@link SiloPrivacy} and {@link SupervisedClient}:
 * the non-private limit, the per-silo accounting against {@link NoiseCalibration}, the budget cap
 * and bad input.
 */
class SiloPrivacyTest {
  private static final ModelSpec SPEC = ModelSpec.softmax();
  private static final int ROUNDS = 3;
  private static final int EPOCHS = 2;
  private static final int BATCH = 10;

  private record Run(FederationResult result, ClientStateStore store) {}

  /** Four Synthetic(1,1) clients of at most 60 rows, each split 60/20/20 into train/validation/test. */
  private static Map<Integer, ClientData> clients() {
    Dataset d = FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withClients(4).withMaxSize(60),
        new Rng(7));
    return FederatedData.byClient(d, 0.2, 0.25, new Rng(7).derive("split"));
  }

  private static Run run(Strategy s, Map<Integer, ClientData> clients, int rounds) {
    return run(s, clients, rounds, 1);
  }

  private static Run run(Strategy s, Map<Integer, ClientData> clients, int rounds, int evaluateEvery) {
    Params init = Fixtures.initial(SPEC, clients, 4);
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(clients, new SupervisedClient(SPEC, EPOCHS, BATCH, Optimizers.sgd(0.1)), b, 21)
          .withEvaluateEvery(evaluateEvery);
      return new Run(f.run(s, init, rounds), f.store());
    }
  }

  /** σ = 0, C = ∞, the non-private client's shuffled batches: no clipping and no noise. */
  private static final SampleDp NON_PRIVATE_LIMIT = new SampleDp(Double.POSITIVE_INFINITY, 0, Double.NaN, 1e-5,
      Batching.SHUFFLED, Double.NaN);

  private static void assertClose(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what);
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      diff = Math.max(diff, Math.abs(want[i] - got[i]));
    }
    assertTrue(diff <= 1e-5 * Math.max(1, scale), what + ": private limit differs from the plain run by " + diff);
  }

  @Test
  void withoutNoiseOrClippingEveryStrategyMatchesItsPlainRun() {
    Map<Integer, ClientData> c = clients();
    List<Supplier<Strategy>> strategies = List.of(() -> new FedAvg(ClientSampler.all()),
        () -> new FedProx(ClientSampler.all(), 0.1), () -> new Ditto(ClientSampler.all(), 0.5),
        () -> new MrMtl(0.5), Local::new, () -> new FineTune(ClientSampler.all(), new int[] {0, 1, 2}, true, 0.05));
    for (Supplier<Strategy> make : strategies) {
      Run plain = run(make.get(), c, ROUNDS);
      Run limit = run(new SiloPrivacy(make.get(), NON_PRIVATE_LIMIT, ROUNDS, 1), c, ROUNDS);
      String name = plain.result().strategy();
      assertClose(plain.result().global().flatten().data(), limit.result().global().flatten().data(), name);
      for (int id : c.keySet()) {
        Params p = SiloState.personal(plain.store().get(id).orElse(null));
        Params q = SiloState.personal(limit.store().get(id).orElse(null));
        if (p != null) {
          assertClose(p.flatten().data(), q.flatten().data(), name + " personal model of client " + id);
        }
        double a = plain.result().finalClientMetrics().get(id).metrics().get("accuracy");
        double b = limit.result().finalClientMetrics().get(id).metrics().get("accuracy");
        assertEquals(a, b, 1e-9, name + " accuracy of client " + id);
        assertFalse(limit.result().finalClientMetrics().get(id).metrics().containsKey(SiloBudget.EPSILON),
            "budget reports are stripped from the evaluation");
      }
    }
  }

  @Test
  void eachSiloSpendsWhatTheCalibrationPredictsForItsSteps() {
    Map<Integer, ClientData> c = clients();
    double target = 1.0;
    SiloPrivacy s = new SiloPrivacy(new MrMtl(0.3), SampleDp.targetEpsilon(target, 1e-5, 1.0), ROUNDS, 1);
    Run r = run(s, c, ROUNDS);
    assertEquals(c.size(), s.silos().size());
    double max = 0;
    for (Map.Entry<Integer, ClientData> e : c.entrySet()) {
      int n = e.getValue().train().size();
      SiloReport rep = s.silos().get(e.getKey());
      long steps = (long) ROUNDS * EPOCHS * ((n + BATCH - 1) / BATCH);
      double q = (double) Math.min(BATCH, n) / n;
      assertEquals(steps, rep.steps(), "silo " + e.getKey() + " steps");
      assertEquals(steps, rep.plannedSteps());
      assertEquals(q, rep.sampleRate(), 0);
      assertEquals(NoiseCalibration.noiseFor(target, 1e-5, q, steps), rep.noiseMultiplier(), 0);
      double predicted = NoiseCalibration.epsilon(rep.noiseMultiplier(), q, steps, 1e-5);
      assertEquals(predicted, rep.epsilon(), 1e-12, "silo " + e.getKey());
      assertTrue(rep.epsilon() <= target && rep.epsilon() > 0.999 * target, "ε " + rep.epsilon());
      SiloLedger stored = SiloState.ledger(r.store().get(e.getKey()).orElseThrow());
      assertEquals(steps, stored.steps(), "the ledger lives in the client state");
      assertTrue(rep.guarantee().startsWith("(ε=1.00, δ=1e-5)-DP for each example of silo " + e.getKey()
          + ", by RDP accounting of " + steps + " subsampled Gaussian steps"), rep.guarantee());
      max = Math.max(max, rep.epsilon());
    }
    assertEquals(max, s.epsilon(), 0);
    assertEquals(max, r.result().lastRound().metrics().get(SiloPrivacy.EPSILON_METRIC), 0);
  }

  @Test
  void dittoAndFineTuningAreChargedToTheSameBudget() {
    Map<Integer, ClientData> c = clients();
    SiloPrivacy ditto = new SiloPrivacy(new Ditto(ClientSampler.all(), 0.1), SampleDp.noise(1.5, 1e-5, 1.0), ROUNDS,
        1);
    run(ditto, c, ROUNDS);
    SiloPrivacy ft = new SiloPrivacy(new FineTune(ClientSampler.all(), new int[] {0, 2}, false, Double.NaN),
        SampleDp.noise(1.5, 1e-5, 1.0), ROUNDS, 2);
    run(ft, c, ROUNDS, 2);
    for (Map.Entry<Integer, ClientData> e : c.entrySet()) {
      int spe = (e.getValue().train().size() + BATCH - 1) / BATCH;
      assertEquals(2L * ROUNDS * EPOCHS * spe, ditto.silos().get(e.getKey()).steps(), "Ditto trains two models");
      // Evaluated in rounds 2 and 3, each time fine-tuning up to 2 epochs.
      assertEquals((ROUNDS * EPOCHS + 2 * 2L) * spe, ft.silos().get(e.getKey()).steps(), "fine-tuning is charged");
      SiloReport rep = ditto.silos().get(e.getKey());
      assertEquals(NoiseCalibration.epsilon(1.5, rep.sampleRate(), rep.steps(), 1e-5), rep.epsilon(), 1e-12);
    }
  }

  @Test
  void ifcaChoosesPrivatelyAndAccountsForTheChoices() {
    Map<Integer, ClientData> c = clients();
    List<Params> models = List.of(Fixtures.initial(SPEC, c, 1), Fixtures.initial(SPEC, c, 2));
    SiloPrivacy s = new SiloPrivacy(new Ifca(ClientSampler.all(), 2), SampleDp.targetEpsilon(2, 1e-5, 1.0), ROUNDS,
        1);
    try (InProcessBackend b = new InProcessBackend(2)) {
      new Federation(c, new SupervisedClient(SPEC, EPOCHS, BATCH, Optimizers.sgd(0.1)), b, 5).run(s,
          Ifca.stack(models), ROUNDS);
    }
    for (SiloReport rep : s.silos().values()) {
      assertEquals(ROUNDS, rep.selections(), "one private choice per fit; evaluation reuses it");
      assertEquals(0.06, rep.selectionEpsilon(), 1e-15, "3% of the target, the official default");
      assertTrue(rep.epsilon() <= 2 && rep.epsilon() > 1.9, "ε " + rep.epsilon());
      assertTrue(rep.guarantee().contains("private model choices"), rep.guarantee());
    }
  }

  @Test
  void aCalibratedSiloRefusesToRunPastItsPlan() {
    Map<Integer, ClientData> c = clients();
    SiloPrivacy s = new SiloPrivacy(new FedAvg(ClientSampler.all()), SampleDp.targetEpsilon(1, 1e-5, 1.0),
        new SiloPlan(2, 1, 0, 0));
    FederationException e = assertThrows(FederationException.class, () -> run(s, c, 3));
    assertTrue(e.getMessage().contains("steps its target ε=1.0"), e.getMessage());
  }

  @Test
  void poissonAndShuffledBatchingBothTrainAndDiffer() {
    Map<Integer, ClientData> c = clients();
    SampleDp dp = SampleDp.noise(0.8, 1e-5, 1.0);
    Run poisson = run(new SiloPrivacy(new FedAvg(ClientSampler.all()), dp, ROUNDS, 1), c, ROUNDS);
    Run again = run(new SiloPrivacy(new FedAvg(ClientSampler.all()), dp, ROUNDS, 1), c, ROUNDS);
    Run shuffled = run(new SiloPrivacy(new FedAvg(ClientSampler.all()), dp.withBatching(Batching.SHUFFLED), ROUNDS, 1),
        c, ROUNDS);
    assertEquals(poisson.result().rounds(), again.result().rounds(), "a private run repeats exactly");
    assertFalse(java.util.Arrays.equals(poisson.result().global().flatten().data(),
        shuffled.result().global().flatten().data()), "the batching changes the run");
    assertTrue(ParamMath.allFinite(poisson.result().global()));
  }

  @Test
  void badSettingsFailWithTheirValues() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleDp.noise(-1, 1e-5, 1)).getMessage()
        .contains("σ must be a finite number >= 0, got -1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleDp.targetEpsilon(0, 1e-5, 1)).getMessage()
        .contains("ε must be a finite number > 0, got 0.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleDp.targetEpsilon(-2, 1e-5, 1)).getMessage()
        .contains("got -2.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleDp.noise(1, 1.5, 1)).getMessage()
        .contains("δ must be in (0, 1), got 1.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleDp.noise(1, 1e-5, 0)).getMessage()
        .contains("clip norm C must be > 0, got 0.0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SampleDp.noise(1, 1e-5, Double.POSITIVE_INFINITY)).getMessage().contains("infinite clip norm"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SampleDp(1, 1, 1, 1e-5, Batching.POISSON,
        Double.NaN)).getMessage().contains("exactly one"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SiloPrivacy(new QFfl(ClientSampler.all(), 1, 10),
        SampleDp.noise(1, 1e-5, 1), 3, 1)).getMessage().contains("q-FFL"));
    SiloPrivacy once = new SiloPrivacy(new FedAvg(ClientSampler.all()), SampleDp.noise(1, 1e-5, 1), 3, 1);
    assertThrows(IllegalArgumentException.class, () -> new SiloPrivacy(once, SampleDp.noise(1, 1e-5, 1), 3, 1));
    assertNull(SampleDp.fromConfig(Config.empty()), "no settings: not private");
  }

  @Test
  void anUnreachableTargetNamesTheSilo() {
    Map<Integer, ClientData> c = clients();
    List<Params> models = List.of(Fixtures.initial(SPEC, c, 1), Fixtures.initial(SPEC, c, 2));
    // Private choices at ε_sel = 20 alone spend far more than ε = 1, whatever σ.
    SiloPrivacy s = new SiloPrivacy(new Ifca(ClientSampler.all(), 2),
        SampleDp.targetEpsilon(1, 1e-5, 1.0).withSelectionEpsilon(20), 3, 1);
    FederationException e;
    try (InProcessBackend b = new InProcessBackend(2)) {
      Federation f = new Federation(c, new SupervisedClient(SPEC, EPOCHS, BATCH, Optimizers.sgd(0.1)), b, 5);
      e = assertThrows(FederationException.class, () -> f.run(s, Ifca.stack(models), 1));
    }
    assertTrue(e.getMessage().contains("silo privacy: silo") && e.getMessage().contains("unreachable"),
        e.getMessage());
  }
}
