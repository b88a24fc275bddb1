package org.probity.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.cli.run.Catalog;

/** The search methods and the driver, with a fake trial whose metric is a known function of its values. */
class SweepSearchTest {
  static final String BASE = String.join("\n",
      "name: base",
      "data: {source: digits, validation_fraction: 0.2}",
      "model: {type: mlp, hidden: [8]}",
      "optimizer: {name: sgd, lr: 0.1}",
      "train: {steps: 10, batch_size: 32}",
      "");

  static SweepSpec sweep(String sweepYaml) {
    return SweepFile.parse("s.yaml", BASE + sweepYaml, List.of()).sweep(Catalog.reader());
  }

  /** A trial's fake metric: peaks at lr = 0.1 and prefers larger batches, plus the budget. */
  static double score(Trial t) {
    double lr = Double.parseDouble(t.params().get("optimizer.lr"));
    double b = t.params().containsKey("train.batch_size") ? Double.parseDouble(t.params().get("train.batch_size")) : 0;
    return -Math.abs(Math.log10(lr) + 1) + b / 1000 + (t.budget() == null ? 0 : t.budget() / 100.0);
  }

  static final class Counting implements TrialExecutor.Work {
    final AtomicInteger runs = new AtomicInteger();
    final Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public TrialResult run(Trial trial) {
      runs.incrementAndGet();
      ids.add(trial.id());
      return TrialResult.complete(trial, score(trial), null, 0.0);
    }
  }

  /** Runs the first {@code k} trials it is given, then acts as if the process were interrupted. */
  static final class Interrupting implements TrialExecutor {
    int left;

    Interrupting(int k) {
      left = k;
    }

    @Override
    public void execute(List<Trial> trials, Work work, Consumer<TrialResult> done) throws InterruptedException {
      for (Trial t : trials) {
        if (left-- <= 0) {
          throw new InterruptedException("killed");
        }
        done.accept(work.run(t));
      }
    }

    @Override
    public String describe() {
      return "interrupting";
    }

    @Override
    public void close() {}
  }

  @Test
  void gridEnumeratesTheProductFirstKeySlowest() {
    SweepSpec s = sweep("sweep: {params: {optimizer.lr: [0.01, 0.1, 1.0], train.batch_size: [16, 64]}}\n");
    List<Trial> trials = SearchMethod.of(s).rung(0, List.of());
    List<String> expected = new ArrayList<>();
    for (String lr : List.of("0.01", "0.1", "1.0")) {
      for (String b : List.of("16", "64")) {
        expected.add(lr + "/" + b);
      }
    }
    List<String> got = trials.stream().map(t -> t.params().get("optimizer.lr") + "/"
        + t.params().get("train.batch_size")).toList();
    assertEquals(expected, got);
    assertEquals(6, s.trials());
    assertEquals(6, new HashSet<>(trials.stream().map(Trial::id).toList()).size(), "distinct ids");
    assertEquals(List.of("optimizer.lr=0.01", "train.batch_size=16"), trials.get(0).overrides());
    // the ids depend only on the seed and the values: a second enumeration names the same trials
    assertEquals(trials, SearchMethod.of(s).rung(0, List.of()));
  }

  @Test
  void randomSearchWithASeedIsReproducibleAndInBounds() {
    String y = "sweep: {method: random, trials: 8, seed: 7, params: {optimizer.lr: {log_uniform: [0.001, 1]},"
        + " train.batch_size: {int_uniform: [8, 128]}, model.activation: [relu, tanh]}}\n";
    List<Trial> a = SearchMethod.of(sweep(y)).rung(0, List.of());
    List<Trial> b = SearchMethod.of(sweep(y)).rung(0, List.of());
    assertEquals(a, b);
    assertEquals(8, a.size());
    List<Trial> other = SearchMethod.of(sweep(y.replace("seed: 7", "seed: 8"))).rung(0, List.of());
    assertNotEquals(a.stream().map(Trial::params).toList(), other.stream().map(Trial::params).toList());
    double logLo = 0;
    double logHi = 0;
    for (Trial t : a) {
      double lr = Double.parseDouble(t.params().get("optimizer.lr"));
      assertTrue(lr >= 0.001 * 0.9995 && lr <= 1.0005, t.toString());
      logLo = Math.min(logLo, Math.log10(lr));
      logHi = Math.max(logHi, Math.log10(lr));
      int bs = Integer.parseInt(t.params().get("train.batch_size"));
      assertTrue(bs >= 8 && bs <= 128, t.toString());
      assertTrue(List.of("relu", "tanh").contains(t.params().get("model.activation")), t.toString());
      // every drawn configuration is a valid spec
      Catalog.reader().read("s.yaml", BASE, t.overrides());
    }
    // more trials keep the first ones (a resumed sweep that asks for more reuses the first)
    List<Trial> more = SearchMethod.of(sweep(y.replace("trials: 8", "trials: 12"))).rung(0, List.of());
    assertEquals(a, more.subList(0, 8));
  }

  @Test
  void randomSearchOverListsDrawsEachCombinationAtMostOnce() {
    SweepSpec s = sweep("sweep: {method: random, trials: 10, params: {optimizer.lr: [0.01, 0.1],"
        + " train.batch_size: [16, 64]}}\n");
    List<Trial> t = SearchMethod.of(s).rung(0, List.of());
    assertEquals(4, t.size(), "only 4 combinations exist");
    assertEquals(4, new HashSet<>(t.stream().map(Trial::params).toList()).size());
  }

  @Test
  void halvingPromotesTheBestThirdAtEachRung(@TempDir Path dir) throws Exception {
    SweepSpec s = sweep("sweep: {method: halving, trials: 9, seed: 3, params: {optimizer.lr: {log_uniform: [0.001, 10]}},"
        + " halving: {eta: 3, min_budget: 1, max_budget: 9, budget_key: train.steps}}\n");
    assertEquals(List.of(1, 3, 9), s.halving().budgets());
    Counting work = new Counting();
    SweepStore store = SweepStore.open(dir, "f", s.metric());
    SweepDriver.Outcome o;
    try (LocalTrialExecutor ex = new LocalTrialExecutor(2)) {
      o = new SweepDriver(s, store, ex).run(work, quiet());
    }
    assertEquals(9 + 3 + 1, work.runs.get());
    List<TrialResult> rung0 = o.trials().stream().filter(t -> t.trial().rung() == 0).toList();
    List<TrialResult> rung1 = o.trials().stream().filter(t -> t.trial().rung() == 1).toList();
    List<TrialResult> rung2 = o.trials().stream().filter(t -> t.trial().rung() == 2).toList();
    // independent: sort rung 0 by the fake score and take the top 3 configurations
    List<Integer> top3 = rung0.stream().sorted(Comparator.comparingDouble((TrialResult t) -> -score(t.trial())))
        .limit(3).map(t -> t.trial().config()).sorted().toList();
    assertEquals(top3, rung1.stream().map(t -> t.trial().config()).sorted().toList());
    assertTrue(rung1.stream().allMatch(t -> t.trial().budget() == 3 && t.trial().overrides().contains("train.steps=3")));
    int best1 = rung1.stream().max(Comparator.comparingDouble(t -> score(t.trial()))).orElseThrow().trial().config();
    assertEquals(1, rung2.size());
    assertEquals(best1, rung2.get(0).trial().config());
    assertEquals(9, rung2.get(0).trial().budget());
    assertEquals(rung2.get(0), o.best());
  }

  @Test
  void minimisedMetricsPromoteTheSmallest(@TempDir Path dir) throws Exception {
    SweepSpec s = sweep("sweep: {method: halving, trials: 4, metric: loss, params: {optimizer.lr: [0.001, 0.01, 0.1,"
        + " 1.0]}, halving: {eta: 2, min_budget: 1, max_budget: 2, budget_key: train.steps}}\n");
    assertTrue(!s.maximize());
    SuccessiveHalving h = new SuccessiveHalving(s);
    List<Trial> r0 = h.rung(0, List.of());
    List<TrialResult> res = new ArrayList<>();
    for (Trial t : r0) {
      res.add(TrialResult.complete(t, Double.parseDouble(t.params().get("optimizer.lr")), null, 0));
    }
    List<Trial> r1 = h.rung(1, res);
    assertEquals(Set.of("0.001", "0.01"), Set.of(r1.get(0).params().get("optimizer.lr"),
        r1.get(1).params().get("optimizer.lr")));
  }

  @Test
  void anInterruptedSweepRunsOnlyTheMissingTrials(@TempDir Path dir) throws Exception {
    SweepSpec s = sweep("sweep: {method: random, trials: 7, params: {optimizer.lr: {log_uniform: [0.001, 1]}}}\n");
    Counting first = new Counting();
    SweepStore store = SweepStore.open(dir, "f", s.metric());
    try (Interrupting ex = new Interrupting(3)) {
      new SweepDriver(s, store, ex).run(first, quiet());
      throw new AssertionError("should have been interrupted");
    } catch (InterruptedException expected) {
      // as a killed process
    }
    assertEquals(3, first.runs.get());
    // a new process: reopen the folder from disk
    SweepStore reopened = SweepStore.open(dir, "f", s.metric());
    assertEquals(3, reopened.completed());
    Counting second = new Counting();
    SweepDriver.Outcome o;
    try (LocalTrialExecutor ex = new LocalTrialExecutor(2)) {
      o = new SweepDriver(s, reopened, ex).run(second, quiet());
    }
    assertEquals(4, second.runs.get(), "7 trials, 3 already complete");
    assertTrue(java.util.Collections.disjoint(first.ids, second.ids), "no completed trial ran again");
    assertEquals(3, o.reused());
    assertEquals(7, o.trials().stream().filter(TrialResult::isComplete).count());
    // and a third start runs nothing
    Counting third = new Counting();
    try (LocalTrialExecutor ex = new LocalTrialExecutor(1)) {
      new SweepDriver(s, SweepStore.open(dir, "f", s.metric()), ex).run(third, quiet());
    }
    assertEquals(0, third.runs.get());
  }

  @Test
  void anInterruptedHalvingSweepResumesWithinItsRung(@TempDir Path dir) throws Exception {
    SweepSpec s = sweep("sweep: {method: halving, trials: 9, params: {optimizer.lr: {log_uniform: [0.001, 10]}},"
        + " halving: {eta: 3, min_budget: 1, max_budget: 9, budget_key: train.steps}}\n");
    try (Interrupting ex = new Interrupting(10)) { // rung 0 (9) and one of rung 1
      new SweepDriver(s, SweepStore.open(dir, "f", s.metric()), ex).run(new Counting(), quiet());
    } catch (InterruptedException expected) {
      // killed in rung 1
    }
    Counting second = new Counting();
    try (LocalTrialExecutor ex = new LocalTrialExecutor(2)) {
      new SweepDriver(s, SweepStore.open(dir, "f", s.metric()), ex).run(second, quiet());
    }
    assertEquals(2 + 1, second.runs.get(), "the rest of rung 1, then rung 2");
  }

  @Test
  void failedTrialsAreRecordedAndRunAgainOnResume(@TempDir Path dir) throws Exception {
    SweepSpec s = sweep("sweep: {params: {optimizer.lr: [0.01, 0.1]}}\n");
    TrialExecutor.Work failing = t -> t.params().get("optimizer.lr").equals("0.1")
        ? TrialResult.failed(t, null, 0, "diverged") : TrialResult.complete(t, 0.5, null, 0);
    SweepDriver.Outcome o;
    try (LocalTrialExecutor ex = new LocalTrialExecutor(1)) {
      o = new SweepDriver(s, SweepStore.open(dir, "f", s.metric()), ex).run(failing, quiet());
    }
    assertEquals("0.01", o.best().trial().params().get("optimizer.lr"));
    assertEquals(2, java.nio.file.Files.readAllLines(dir.resolve(SweepStore.TRIALS)).size());
    Counting again = new Counting();
    try (LocalTrialExecutor ex = new LocalTrialExecutor(1)) {
      new SweepDriver(s, SweepStore.open(dir, "f", s.metric()), ex).run(again, quiet());
    }
    assertEquals(1, again.runs.get());
  }

  @Test
  void aFolderOfAnotherSpecIsRefused(@TempDir Path dir) throws Exception {
    SweepStore.open(dir, "one", "accuracy");
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> SweepStore.open(dir, "two", "accuracy"));
    assertTrue(e.getMessage().contains("another spec"), e.getMessage());
  }

  static SweepDriver.Listener quiet() {
    return new SweepDriver.Listener() {
      @Override
      public void rung(int rung, int rungs, List<Trial> trials, int toRun) {}

      @Override
      public void finished(TrialResult result) {}
    };
  }

  static Map<String, String> unused() {
    return Map.of();
  }
}
