package org.probity.cli.spec;

import org.probity.core.naming.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.probity.cli.spec.YamlNode.Entry;
import org.probity.cli.spec.YamlNode.ListNode;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * A cursor over one mapping of a spec that reads typed values and remembers which keys it was
 * asked for. The reading code is thus the schema: {@link #done} reports any key nobody asked for
 * as unknown, with its line and the closest valid key, and every typed accessor fails with the
 * key path, the location and what was expected ("train.epochs: expected a positive integer, got
 * 'ten'"). An absent section reads as an empty one, so defaults apply.
 */
public final class Section {
  private final String path;
  private final MapNode node;
  private final Loc loc;
  private final Set<String> asked = new LinkedHashSet<>();
  private final Map<String, Loc> recorded;

  private Section(String path, MapNode node, Loc loc, Map<String, Loc> recorded) {
    this.path = path;
    this.node = node;
    this.loc = loc;
    this.recorded = recorded;
  }

  /** A section read from an already merged node (a variant's sections); a null node reads as empty. */
  public static Section of(String path, YamlNode node, Loc fallback, Map<String, Loc> recorded) {
    if (node == null || node instanceof Scalar s && s.isNull()) {
      return new Section(path, null, fallback, recorded);
    }
    if (!(node instanceof MapNode m)) {
      throw new SpecException(node.loc(), path + ": expected a section of 'key: value' lines, got " + node.describe());
    }
    return new Section(path, m, m.loc(), recorded);
  }

  /** The top of a document, which must be a mapping; {@code recorded} collects value locations by path. */
  public static Section root(YamlNode root, Map<String, Loc> recorded) {
    if (!(root instanceof MapNode m)) {
      throw new SpecException(root.loc(), "a spec is a mapping of sections (name:, data:, model:, ...), got "
          + root.describe());
    }
    return new Section("", m, m.loc(), recorded);
  }

  public String path() {
    return path;
  }

  public Loc loc() {
    return loc;
  }

  /** The full path of {@code key} in this section ("train.epochs"). */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether the key is present with a non-null value (and marks it as known). */
  public boolean has(String key) {
    asked.add(key);
    YamlNode n = node == null ? null : node.get(key);
    return n != null && !(n instanceof Scalar s && s.isNull());
  }

  /** Whether the key is present with a non-null value, without marking it as known (a peek ahead). */
  public boolean present(String key) {
    YamlNode n = node == null ? null : node.get(key);
    return n != null && !(n instanceof Scalar s && s.isNull());
  }

  /** Declares keys valid without reading them (read elsewhere, or only meaningful in some cases). */
  public void known(String... keys) {
    asked.addAll(List.of(keys));
  }

  /** The keys written in this section, in file order (none when it is absent); marks none as known. */
  public List<String> keys() {
    return node == null ? List.of() : List.copyOf(node.entries().keySet());
  }

  /** Where {@code key} itself is written (for "this key does not belong here"), or this section's location. */
  public Loc keyWhere(String key) {
    Entry e = node == null ? null : node.entries().get(key);
    return e == null ? loc : e.keyLoc();
  }

  /** Where {@code key}'s value is written, or this section's location when it is absent. */
  public Loc where(String key) {
    YamlNode n = node == null ? null : node.get(key);
    return n == null ? loc : n.loc();
  }

  /** An error about {@code key}: located at its value, prefixed with its path. */
  public SpecException error(String key, String message) {
    return new SpecException(where(key), pathOf(key) + ": " + message);
  }

  /** The raw node (null when absent or null), marking the key known. */
  public YamlNode raw(String key) {
    asked.add(key);
    YamlNode n = node == null ? null : node.get(key);
    if (n == null || n instanceof Scalar s && s.isNull()) {
      return null;
    }
    recorded.put(pathOf(key), n.loc());
    return n;
  }

  private Scalar scalar(String key, String expected) {
    YamlNode n = raw(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Scalar s) {
      return s;
    }
    throw error(key, "expected " + expected + ", got " + n.describe());
  }

  public String string(String key, String def) {
    Scalar s = scalar(key, "a name");
    if (s == null) {
      return def;
    }
    if (!s.isString() || s.text().isBlank()) {
      throw error(key, "expected a name, got " + s.describe());
    }
    return s.text();
  }

  /**
   * One of {@code allowed}; an unknown value fails naming the closest and all valid ones
   * ("unknown optimizer 'adamm'; did you mean 'adam'? known: sgd, adam, ...").
   */
  public String choice(String key, String def, List<String> allowed, String what) {
    String v = string(key, def);
    if (v != null && !allowed.contains(v)) {
      throw error(key, "unknown " + what + " '" + v + "'" + Suggest.didYouMean(v, allowed)
          + " (known: " + String.join(", ", allowed) + ")");
    }
    return v;
  }

  /** An integer of at least {@code min}; absent gives {@code def} (which may be null). */
  public Integer integer(String key, Integer def, int min) {
    Scalar s = scalar(key, expectInt(min));
    if (s == null) {
      return def;
    }
    if (!s.isInteger() || s.number() < min || s.number() > Integer.MAX_VALUE) {
      throw error(key, "expected " + expectInt(min) + ", got " + s.describe());
    }
    return (int) s.number();
  }

  /** A whole number that may be negative or large (seeds). */
  public Long longValue(String key, Long def) {
    Scalar s = scalar(key, "an integer");
    if (s == null) {
      return def;
    }
    if (!s.isInteger() || Math.abs(s.number()) > 9.0e18) {
      throw error(key, "expected an integer, got " + s.describe());
    }
    return Long.parseLong(s.text().strip().replace("_", "").replaceFirst("^\\+", ""));
  }

  private static String expectInt(int min) {
    return switch (min) {
      case Integer.MIN_VALUE -> "an integer";
      case 1 -> "a positive integer";
      case 0 -> "an integer >= 0";
      default -> "an integer >= " + min;
    };
  }

  /** A finite number passing {@code check}; absent gives {@code def} (which may be null). */
  public Double number(String key, Double def, Check check) {
    Scalar s = scalar(key, check.expected());
    if (s == null) {
      return def;
    }
    if (!s.isNumber()) {
      throw error(key, "expected " + check.expected() + ", got " + s.describe());
    }
    if (!check.accepts(s.number())) {
      String why = Double.isFinite(s.number()) ? "" : " (NaN and infinities are not allowed)";
      throw error(key, "expected " + check.expected() + ", got " + s.describe() + why);
    }
    return s.number();
  }

  public boolean flag(String key, boolean def) {
    Scalar s = scalar(key, "true or false");
    if (s == null) {
      return def;
    }
    if (!s.isBoolean()) {
      throw error(key, "expected true or false, got " + s.describe());
    }
    return Boolean.parseBoolean(s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE ? "true" : "false");
  }

  /** A list of integers of at least {@code min}; a single integer reads as a list of one. */
  public List<Integer> intList(String key, List<Integer> def, int min) {
    YamlNode n = raw(key);
    if (n == null) {
      return def;
    }
    String expected = "a list of " + (min == 1 ? "positive integers" : "integers >= " + min) + " such as [64, 32]";
    List<YamlNode> items = n instanceof ListNode l ? l.items() : List.of(n);
    List<Integer> out = new ArrayList<>();
    for (YamlNode i : items) {
      if (!(i instanceof Scalar s) || !s.isInteger() || s.number() < min || s.number() > Integer.MAX_VALUE) {
        throw new SpecException(i.loc(), pathOf(key) + ": expected " + expected + ", got " + i.describe());
      }
      out.add((int) s.number());
    }
    return List.copyOf(out);
  }

  /** A list of numbers passing {@code check}, of exactly {@code size} entries. */
  public List<Double> numberList(String key, List<Double> def, int size, Check check) {
    YamlNode n = raw(key);
    if (n == null) {
      return def;
    }
    String expected = "a list of " + size + " numbers, each " + check.expected();
    if (!(n instanceof ListNode l) || l.items().size() != size) {
      throw error(key, "expected " + expected + ", got " + n.describe());
    }
    List<Double> out = new ArrayList<>();
    for (YamlNode i : l.items()) {
      if (!(i instanceof Scalar s) || !s.isNumber() || !check.accepts(s.number())) {
        throw new SpecException(i.loc(), pathOf(key) + ": expected " + expected + ", got " + i.describe());
      }
      out.add(s.number());
    }
    return List.copyOf(out);
  }

  /** A nested section; absent or empty reads as an empty one so that its defaults apply. */
  public Section section(String key) {
    YamlNode n = raw(key);
    if (n == null) {
      return new Section(pathOf(key), null, where(key), recorded);
    }
    if (!(n instanceof MapNode m)) {
      throw error(key, "expected a section of 'key: value' lines, got " + n.describe());
    }
    return new Section(pathOf(key), m, m.loc(), recorded);
  }

  /** A list of sections ("variants:"), each with the path {@code key[i]}. */
  public List<Section> sections(String key) {
    YamlNode n = raw(key);
    if (n == null) {
      return List.of();
    }
    if (!(n instanceof ListNode l)) {
      throw error(key, "expected a list of sections ('- name: ...' items), got " + n.describe());
    }
    List<Section> out = new ArrayList<>();
    for (int i = 0; i < l.items().size(); i++) {
      YamlNode item = l.items().get(i);
      String p = pathOf(key) + "[" + i + "]";
      if (!(item instanceof MapNode m)) {
        throw new SpecException(item.loc(), p + ": expected a section of 'key: value' lines, got " + item.describe());
      }
      out.add(new Section(p, m, m.loc(), recorded));
    }
    return out;
  }

  /** The scalar entries of a free-form section (generator options), as numbers, booleans and strings. */
  public Map<String, Object> scalars(String key) {
    YamlNode n = raw(key);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof MapNode m)) {
      throw error(key, "expected a section of 'key: value' lines, got " + n.describe());
    }
    for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
      YamlNode v = e.getValue().value();
      String p = pathOf(key) + "." + e.getKey();
      if (!(v instanceof Scalar s)) {
        throw new SpecException(v.loc(), p + ": expected a number, true/false or a name, got " + v.describe());
      }
      recorded.put(p, v.loc());
      if (s.isNull()) {
        continue;
      }
      if (s.isInteger() && Math.abs(s.number()) < 9.0e15) {
        out.put(e.getKey(), (long) s.number());
      } else if (s.isNumber()) {
        if (!Double.isFinite(s.number())) {
          throw new SpecException(v.loc(), p + ": expected a finite number, got " + s.describe());
        }
        out.put(e.getKey(), s.number());
      } else if (s.isBoolean()) {
        out.put(e.getKey(), s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE);
      } else {
        out.put(e.getKey(), s.text());
      }
    }
    return out;
  }

  /** Fails on the first key (in file order) that no accessor asked for. */
  public void done() {
    if (node == null) {
      return;
    }
    for (Map.Entry<String, Entry> e : node.entries().entrySet()) {
      if (!asked.contains(e.getKey())) {
        String hint = Suggest.didYouMean(e.getKey(), asked);
        if (hint.isEmpty()) {
          hint = asked.isEmpty() ? " (this section takes no keys)" : " (valid keys: " + String.join(", ", asked) + ")";
        }
        throw new SpecException(e.getValue().keyLoc(), "unknown key '" + pathOf(e.getKey()) + "'" + hint);
      }
    }
  }

  /** A number as it would be written in YAML: no trailing ".0" on whole numbers. */
  static String plain(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x).toLowerCase(Locale.ROOT);
  }
}
