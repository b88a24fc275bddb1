package org.probity.federated;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a server sends with an instruction (Flower's {@code ConfigRecord}): immutable, ordered
 * key/values of numbers, booleans and strings, so the same message can later be serialised for the
 * network. Typed getters fail naming the key and the value's actual type, so a misspelt or mistyped
 * setting is an error rather than a silent default.
 */
public record Config(Map<String, Object> values) {
  /** The key under which {@link FedProx} sends its proximal weight μ. */
  public static final String PROXIMAL_MU = "proximal_mu";
  /** The key under which {@link Local} tells clients to train and evaluate their own model. */
  public static final String LOCAL = "local";

  private static final Config EMPTY = new Config(Map.of());

  public Config {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof Number || v instanceof Boolean || v instanceof String)) {
        throw new IllegalArgumentException("config: key '" + e.getKey() + "' has a value of type "
            + (v == null ? "null" : v.getClass().getSimpleName()) + "; only numbers, booleans and strings are allowed");
      }
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Config empty() {
    return EMPTY;
  }

  /** A copy with {@code key} set to {@code value}. */
  public Config with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put(key, value);
    return new Config(m);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public double getDouble(String key, double fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("config: key '" + key + "' is " + v + ", not a number");
    }
    return n.doubleValue();
  }

  public int getInt(String key, int fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short)) {
      throw new IllegalArgumentException("config: key '" + key + "' is " + v + ", not an integer");
    }
    return ((Number) v).intValue();
  }

  public boolean getBoolean(String key, boolean fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("config: key '" + key + "' is " + v + ", not a boolean");
    }
    return b;
  }

  public String getString(String key, String fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("config: key '" + key + "' is " + v + ", not a string");
    }
    return s;
  }
}
