package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a sweep rung by rung: asks the {@link SearchMethod} for the rung's trials, skips those the
 * {@link SweepStore} already holds as complete (this is what makes a sweep resumable: an
 * interrupted sweep started again runs only what is missing, and re-runs failed trials), hands the
 * rest to the {@link TrialExecutor}, records each result as it arrives, and gives the next rung
 * the results of this one.
 */
public final class SweepDriver {
  /** Hears about the sweep's progress (called from the executor's threads for {@link #finished}). */
  public interface Listener {
    void rung(int rung, int rungs, List<Trial> trials, int toRun);

    void finished(TrialResult result);
  }

  /** Every trial the sweep asked for, rung by rung, with its result, the best and how many ran now. */
  public record Outcome(List<TrialResult> trials, TrialResult best, int ran, int reused) {}

  private final SweepSpec spec;
  private final SearchMethod method;
  private final SweepStore store;
  private final TrialExecutor executor;

  public SweepDriver(SweepSpec spec, SweepStore store, TrialExecutor executor) {
    this.spec = spec;
    this.method = SearchMethod.of(spec);
    this.store = store;
    this.executor = executor;
  }

  public Outcome run(TrialExecutor.Work work, Listener listener) throws InterruptedException {
    List<TrialResult> all = new ArrayList<>();
    List<TrialResult> previous = List.of();
    int ran = 0;
    int reused = 0;
    for (int r = 0; r < method.rungs(); r++) {
      List<Trial> trials = method.rung(r, previous);
      List<Trial> missing = new ArrayList<>();
      for (Trial t : trials) {
        if (!store.isComplete(t.id())) {
          missing.add(t);
        }
      }
      listener.rung(r, method.rungs(), trials, missing.size());
      executor.execute(missing, work, res -> {
        store.record(res);
        listener.finished(res);
      });
      ran += missing.size();
      reused += trials.size() - missing.size();
      List<TrialResult> rung = new ArrayList<>();
      for (Trial t : trials) {
        TrialResult res = store.result(t.id());
        rung.add(res == null ? TrialResult.failed(t, null, 0, "no result was recorded") : res);
      }
      all.addAll(rung);
      previous = rung;
    }
    return new Outcome(all, best(spec, all), ran, reused);
  }

  /**
   * The best complete trial at the largest budget any trial completed (for grid and random: the
   * best of all), the earlier one on ties; null when none completed.
   */
  static TrialResult best(SweepSpec spec, List<TrialResult> all) {
    int top = -1;
    for (TrialResult t : all) {
      if (t.isComplete() && !Double.isNaN(t.value())) {
        top = Math.max(top, t.trial().rung());
      }
    }
    TrialResult best = null;
    for (TrialResult t : all) {
      if (t.isComplete() && t.trial().rung() == top && (best == null || spec.better(t.value(), best.value()))) {
        best = t;
      }
    }
    return best;
  }
}
