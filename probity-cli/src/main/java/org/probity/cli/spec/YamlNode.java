package org.probity.cli.spec;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each key and value was written. Jackson's own
 * tree drops locations, and a spec error is only useful when it names the line to fix, so specs
 * are read into this tree first ({@link YamlTree}) and validated from it ({@link Section}).
 */
public sealed interface YamlNode {
  Loc loc();

  /** How the node reads in an error message: "'ten'", "1.5", "a section", "a list", "nothing". */
  String describe();

  /** A mapping; entries keep their order and each key its own location. */
  record MapNode(Loc loc, LinkedHashMap<String, Entry> entries) implements YamlNode {
    public MapNode(Loc loc) {
      this(loc, new LinkedHashMap<>());
    }

    public YamlNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    public void put(String key, Loc keyLoc, YamlNode value) {
      entries.put(key, new Entry(keyLoc, value));
    }

    /** A deep copy, so overrides and variant merges never alter the tree they started from. */
    public MapNode copy() {
      MapNode m = new MapNode(loc);
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        m.put(e.getKey(), e.getValue().keyLoc(), YamlNode.copy(e.getValue().value()));
      }
      return m;
    }

    @Override
    public String describe() {
      return "a section";
    }
  }

  /** A key's location together with its value. */
  record Entry(Loc keyLoc, YamlNode value) {}

  record ListNode(Loc loc, List<YamlNode> items) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as YAML typed it: {@code token} is Jackson's reading (VALUE_STRING for {@code ten}
   * and {@code '12'}, VALUE_NUMBER_FLOAT for {@code .nan}, VALUE_NULL for {@code ~}), {@code text}
   * how it was written, and {@code number} its value when the token is numeric (YAML's
   * {@code .nan} and {@code .inf} as NaN and infinity; 0 otherwise).
   */
  record Scalar(Loc loc, JsonToken token, String text, double number) implements YamlNode {
    public boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }

    public boolean isString() {
      return token == JsonToken.VALUE_STRING;
    }

    public boolean isInteger() {
      return token == JsonToken.VALUE_NUMBER_INT;
    }

    public boolean isNumber() {
      return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    public boolean isBoolean() {
      return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
    }

    @Override
    public String describe() {
      if (isNull()) {
        return "nothing";
      }
      return isString() ? "'" + text + "'" : text;
    }
  }

  static YamlNode copy(YamlNode n) {
    if (n instanceof MapNode m) {
      return m.copy();
    }
    if (n instanceof ListNode l) {
      List<YamlNode> items = new ArrayList<>(l.items().size());
      for (YamlNode i : l.items()) {
        items.add(copy(i));
      }
      return new ListNode(l.loc(), items);
    }
    return n;
  }
}
