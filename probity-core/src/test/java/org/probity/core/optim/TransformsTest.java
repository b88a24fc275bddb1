package org.probity.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/** The individual links, chain composition, and applyUpdates. */
class TransformsTest {
  private static final float[] G = {3f, -4f, 0f, 12f, 0.5f, -0.5f};
  private static final float[] X = {1f, 2f, -1f, 0.5f, 4f, -2f};

  private static double norm(float[] v) {
    double s = 0;
    for (float f : v) {
      s += (double) f * f;
    }
    return Math.sqrt(s);
  }

  @Test
  void clipByGlobalNormCapsTheNormAndKeepsTheDirection() {
    double n = norm(G);
    double max = 2.0;
    GradientTransform<EmptyState> clip = Transforms.clipByGlobalNorm(max);
    Params out = clip.update(P.of(G), EmptyState.INSTANCE, null).updates();
    float[] o = P.copy(out);
    assertEquals(max, norm(o), 1e-5, "norm capped at maxNorm");
    for (int i = 0; i < G.length; i++) {
      assertEquals(G[i] * max / n, o[i], 1e-6, "same direction [" + i + "]");
    }
    assertEquals(n, Transforms.globalNorm(P.of(G)), 1e-9);
    // Within the bound: unchanged.
    Params small = P.of(G);
    assertSame(small, Transforms.clipByGlobalNorm(n * 1.01).update(small, EmptyState.INSTANCE, null).updates());
  }

  @Test
  void addDecayedWeightsAddsWeightDecayTimesParams() {
    Params out = Transforms.addDecayedWeights(0.25).update(P.of(G), EmptyState.INSTANCE, P.of(X)).updates();
    float[] o = P.copy(out);
    for (int i = 0; i < G.length; i++) {
      assertEquals(G[i] + 0.25 * X[i], o[i], 1e-6);
    }
    OptimizersTest.assertMessage(() -> Transforms.addDecayedWeights(0.1).update(P.of(G), EmptyState.INSTANCE, null),
        "addDecayedWeights", "params");
  }

  @Test
  void scaleByScheduleCountsItsOwnSteps() {
    GradientTransform<ScaleBySchedule.State> s = Transforms.scaleBySchedule(step -> step + 1.0);
    ScaleBySchedule.State st = s.init(P.of(X));
    for (int step = 0; step < 3; step++) {
      Update<ScaleBySchedule.State> u = s.update(P.of(G), st, null);
      assertEquals((step + 1.0) * G[3], P.copy(u.updates())[3], 1e-5);
      st = u.state();
    }
    assertEquals(3, st.count());
  }

  @Test
  void chainEqualsApplyingTheLinksOneAfterAnother() {
    GradientTransform<EmptyState> clip = Transforms.clipByGlobalNorm(5.0);
    GradientTransform<TraceMomentum.State> trace = Transforms.traceMomentum(0.8, false);
    GradientTransform<ScaleByAdam.State> adam = Transforms.scaleByAdam(0.9, 0.99, 1e-6);
    GradientTransform<EmptyState> decay = Transforms.addDecayedWeights(0.01);
    GradientTransform<EmptyState> lr = Transforms.scaleByLearningRate(0.1);
    GradientTransform<List<Object>> chain = Transforms.chain(clip, trace, adam, decay, lr);

    Params params = P.of(X);
    List<Object> cs = chain.init(params);
    TraceMomentum.State ts = trace.init(params);
    ScaleByAdam.State as = adam.init(params);
    float[][] grads = {G, {1f, 1f, 1f, 1f, 1f, 1f}, {-2f, 0f, 7f, 0.1f, 0f, 3f}};
    for (float[] g : grads) {
      Update<List<Object>> cu = chain.update(P.of(g), cs, params);
      Params u = clip.update(P.of(g), EmptyState.INSTANCE, params).updates();
      Update<TraceMomentum.State> tu = trace.update(u, ts, params);
      Update<ScaleByAdam.State> au = adam.update(tu.updates(), as, params);
      u = decay.update(au.updates(), EmptyState.INSTANCE, params).updates();
      u = lr.update(u, EmptyState.INSTANCE, params).updates();
      assertArrayEquals(P.copy(u), P.copy(cu.updates()), "chain output");
      cs = cu.state();
      ts = tu.state();
      as = au.state();
      assertEquals(5, cs.size());
      assertArrayEquals(P.copy(as.mu()), P.copy(((ScaleByAdam.State) cs.get(2)).mu()), "chain state = link states");
    }
  }

  @Test
  void applyUpdatesAddsInPlaceByName() {
    Params params = P.of(X);
    float[] before = params.get("w").data();
    Transforms.applyUpdates(params, P.of(G));
    assertSame(before, params.get("w").data(), "in place");
    float[] after = P.copy(params);
    for (int i = 0; i < X.length; i++) {
      assertEquals(X[i] + G[i], after[i], 1e-6);
    }
    // Updates are matched by name, not position.
    Map<String, Tensor> swapped = new LinkedHashMap<>();
    swapped.put("b", Tensor.vector(1f, 1f));
    swapped.put("w", Tensor.zeros(2, 2));
    Transforms.applyUpdates(params, new Params(swapped));
    assertEquals(after[4] + 1f, params.get("b").data()[0], 1e-6);
    Map<String, Tensor> wrong = new LinkedHashMap<>();
    wrong.put("w", Tensor.zeros(2, 2));
    wrong.put("c", Tensor.zeros(2));
    OptimizersTest.assertMessage(() -> Transforms.applyUpdates(P.of(X), new Params(wrong)), "applyUpdates", "'b'");
    Map<String, Tensor> shape = new LinkedHashMap<>();
    shape.put("w", Tensor.zeros(4));
    shape.put("b", Tensor.zeros(2));
    OptimizersTest.assertMessage(() -> Transforms.applyUpdates(P.of(X), new Params(shape)), "applyUpdates", "[4]",
        "[2, 2]");
  }

  @Test
  void stateOfAnotherModelIsRejectedWithTheNames() {
    GradientTransform<ScaleByAdam.State> adam = Transforms.scaleByAdam();
    Map<String, Tensor> other = new LinkedHashMap<>();
    other.put("v", Tensor.zeros(6));
    ScaleByAdam.State foreign = adam.init(new Params(other));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> adam.update(P.of(G), foreign, null));
    assertTrue(e.getMessage().contains("scaleByAdam") && e.getMessage().contains("state.mu"), e.getMessage());
    GradientTransform<List<Object>> chain = Optimizers.adam(0.1);
    OptimizersTest.assertMessage(() -> chain.update(P.of(G), List.of(), P.of(X)), "chain", "0 entries", "2 links");
  }

  @Test
  void rmsWithEpsOutsideTheRootMatchesPyTorchPlacement() {
    GradientTransform<ScaleByRms.State> rms = Transforms.scaleByRms(0.9, 1e-3, 0.5, false);
    Params g = P.of(G);
    float[] o = P.copy(rms.update(g, rms.init(g), null).updates());
    for (int i = 0; i < G.length; i++) {
      double nu = 0.9 * 0.5 + 0.1 * G[i] * G[i];
      assertEquals(G[i] / (Math.sqrt(nu) + 1e-3), o[i], 1e-6);
    }
  }
}
