package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Successive halving (Jamieson and Talwalkar, AISTATS 2016; the rungs of Li et al.'s Hyperband,
 * JMLR 2018): {@code trials} random configurations run at the smallest budget; at each rung the
 * best 1/eta (at least one) by the metric go on to the next budget, eta times larger, the last
 * rung at the largest budget. Failed trials are never promoted; ties keep the earlier
 * configuration, so the promotion is deterministic and a resumed sweep reaches the same rungs.
 */
public final class SuccessiveHalving implements SearchMethod {
  private final SweepSpec spec;
  private final List<Integer> budgets;

  public SuccessiveHalving(SweepSpec spec) {
    if (spec.halving() == null) {
      throw new IllegalArgumentException("successive halving needs sweep.halving settings");
    }
    this.spec = spec;
    this.budgets = spec.halving().budgets();
  }

  @Override
  public int rungs() {
    return budgets.size();
  }

  @Override
  public List<Trial> rung(int r, List<TrialResult> previous) {
    String key = spec.halving().budgetKey();
    Integer budget = budgets.get(r);
    List<Trial> out = new ArrayList<>();
    if (r == 0) {
      List<java.util.Map<String, String>> configs = RandomSearch.configurations(spec, spec.trials());
      for (int i = 0; i < configs.size(); i++) {
        out.add(Trial.of(spec.seed(), i, 0, budget, key, configs.get(i)));
      }
      return out;
    }
    for (TrialResult p : promoted(previous)) {
      Trial t = p.trial();
      out.add(Trial.of(spec.seed(), t.config(), r, budget, key, t.params()));
    }
    return out;
  }

  /** The top 1/eta of {@code rung} (at least one), best first; failed trials never. */
  List<TrialResult> promoted(List<TrialResult> rung) {
    List<TrialResult> ok = new ArrayList<>();
    for (TrialResult t : rung) {
      if (t != null && t.isComplete() && !Double.isNaN(t.value())) {
        ok.add(t);
      }
    }
    Comparator<TrialResult> byValue = Comparator.comparingDouble(TrialResult::value);
    if (spec.maximize()) {
      byValue = byValue.reversed();
    }
    ok.sort(byValue.thenComparingInt(t -> t.trial().config()));
    int keep = Math.max(1, rung.size() / spec.halving().eta());
    return ok.subList(0, Math.min(keep, ok.size()));
  }
}
