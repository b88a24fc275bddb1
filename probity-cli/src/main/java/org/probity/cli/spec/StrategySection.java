package org.probity.cli.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One arm of a federated comparison ({@code federated.strategies[i]}): its name (also its
 * checkpoint's file name), its kind (one of {@link StrategyKinds}) and that kind's settings with
 * every default filled in, in the kind's order, typed as the kind declares them (Double, Integer,
 * Boolean, or a List of Integer or Double). An optional setting without a default (fine-tuning's
 * own {@code lr}) is absent rather than null.
 */
public record StrategySection(String name, String kind, Map<String, Object> settings) {
  public StrategySection {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public boolean has(String key) {
    return settings.containsKey(key);
  }

  public double number(String key) {
    return ((Number) get(key)).doubleValue();
  }

  public int integer(String key) {
    return ((Number) get(key)).intValue();
  }

  public boolean flag(String key) {
    return (Boolean) get(key);
  }

  /** A list setting (fine-tuning epochs, betas) as numbers. */
  @SuppressWarnings("unchecked")
  public List<Number> list(String key) {
    return (List<Number>) get(key);
  }

  private Object get(String key) {
    Object v = settings.get(key);
    if (v == null) {
      throw new IllegalArgumentException("strategy " + name + " (" + kind + ") has no setting '" + key + "' (has "
          + settings.keySet() + ")");
    }
    return v;
  }
}
