package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid search: every combination of the swept keys' listed values, the first key varying slowest
 * (the order in which the spec lists them), in one rung.
 */
public final class GridSearch implements SearchMethod {
  private final SweepSpec spec;

  public GridSearch(SweepSpec spec) {
    this.spec = spec;
  }

  @Override
  public int rungs() {
    return 1;
  }

  @Override
  public List<Trial> rung(int r, List<TrialResult> previous) {
    List<Param> params = spec.params();
    int[] sizes = new int[params.size()];
    long total = 1;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = params.get(i).choices().size();
      total *= sizes[i];
    }
    List<Trial> out = new ArrayList<>();
    int[] digit = new int[sizes.length];
    for (int t = 0; t < total; t++) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < sizes.length; i++) {
        values.put(params.get(i).key(), params.get(i).choices().get(digit[i]));
      }
      out.add(Trial.of(spec.seed(), t, 0, null, null, values));
      for (int i = sizes.length - 1; i >= 0; i--) {
        if (++digit[i] < sizes[i]) {
          break;
        }
        digit[i] = 0;
      }
    }
    return out;
  }
}
