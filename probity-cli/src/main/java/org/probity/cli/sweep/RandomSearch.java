package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.probity.tensor.Rng;

/**
 * Random search (Bergstra and Bengio, JMLR 2012): {@code trials} distinct configurations, each key
 * drawn independently. Draw k comes from its own stream, derived from the sweep's seed and k, so
 * the configurations are the same whatever the number of trials and however often the sweep is
 * resumed.
 */
public final class RandomSearch implements SearchMethod {
  private final SweepSpec spec;

  public RandomSearch(SweepSpec spec) {
    this.spec = spec;
  }

  @Override
  public int rungs() {
    return 1;
  }

  @Override
  public List<Trial> rung(int r, List<TrialResult> previous) {
    List<Trial> out = new ArrayList<>();
    List<Map<String, String>> configs = configurations(spec, spec.trials());
    for (int i = 0; i < configs.size(); i++) {
      out.add(Trial.of(spec.seed(), i, 0, null, null, configs.get(i)));
    }
    return out;
  }

  /**
   * The first {@code n} distinct configurations of the sweep's stream of draws (draw k from the
   * stream ("sweep", k) of its seed), fewer when the keys are all lists with fewer combinations.
   * A repeated configuration would only rerun a trial, so it is skipped; the list for n is a prefix
   * of the list for n + 1, so asking for more trials keeps the ones already run.
   */
  static List<Map<String, String>> configurations(SweepSpec spec, int n) {
    long space = 1;
    for (Param p : spec.params()) {
      space = p.kind() == Param.Kind.CHOICE ? Math.min(space * p.choices().size(), Long.MAX_VALUE / 1024)
          : Long.MAX_VALUE / 1024;
    }
    int want = (int) Math.min(n, space);
    Set<Map<String, String>> seen = new LinkedHashSet<>();
    for (long k = 0; seen.size() < want && k < 1000L * want + 1000; k++) {
      Rng rng = new Rng(spec.seed()).derive("sweep").derive(k);
      Map<String, String> values = new LinkedHashMap<>();
      for (Param p : spec.params()) {
        values.put(p.key(), p.sample(rng.derive(p.key())));
      }
      seen.add(values);
    }
    return new ArrayList<>(seen);
  }
}
