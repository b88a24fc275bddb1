package org.probity.cli.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.probity.cli.spec.YamlNode.ListNode;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * Reads YAML text into a {@link YamlNode} tree by walking Jackson's YAML token stream, keeping the
 * line and column of every key and value (Jackson's own tree drops them). Duplicate keys and a
 * second document are errors rather than silently last-wins, because in a spec they are mistakes.
 */
public final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlTree() {}

  /** The document in {@code text}; an empty document is an empty mapping. */
  public static YamlNode parse(String source, String text) {
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new MapNode(new Loc(source, 1, 1));
      }
      YamlNode root = read(source, p, t);
      if (p.nextToken() != null) {
        throw new SpecException(loc(source, p), "a spec holds one YAML document; found a second one");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      Loc where = l == null ? Loc.of(source) : new Loc(source, l.getLineNr(), l.getColumnNr());
      throw new SpecException(where, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + source, e);
    }
  }

  /**
   * One value from a {@code --set key=value} argument, read as a YAML scalar (or a flow list such
   * as {@code [64, 32]}); every node gets {@code source} as its location.
   */
  public static YamlNode parseValue(String source, String text) {
    if (text.isBlank()) {
      return new Scalar(Loc.of(source), JsonToken.VALUE_NULL, "", 0);
    }
    YamlNode n = parse(source, text);
    return relocate(n, Loc.of(source));
  }

  private static YamlNode relocate(YamlNode n, Loc loc) {
    if (n instanceof MapNode m) {
      MapNode out = new MapNode(loc);
      m.entries().forEach((k, e) -> out.put(k, loc, relocate(e.value(), loc)));
      return out;
    }
    if (n instanceof ListNode l) {
      List<YamlNode> items = new ArrayList<>();
      for (YamlNode i : l.items()) {
        items.add(relocate(i, loc));
      }
      return new ListNode(loc, items);
    }
    Scalar s = (Scalar) n;
    return new Scalar(loc, s.token(), s.text(), s.number());
  }

  private static YamlNode read(String source, JsonParser p, JsonToken t) throws IOException {
    Loc at = loc(source, p);
    switch (t) {
      case START_OBJECT: {
        MapNode m = new MapNode(at);
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Loc keyLoc = loc(source, p);
          if (m.entries().containsKey(key)) {
            throw new SpecException(keyLoc, "duplicate key '" + key + "' (first at line "
                + m.entries().get(key).keyLoc().line() + ")");
          }
          m.put(key, keyLoc, read(source, p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY: {
        List<YamlNode> items = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(source, p, t));
        }
        return new ListNode(at, items);
      }
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Scalar(at, t, p.getText(), number(p));
      case VALUE_STRING:
      case VALUE_TRUE:
      case VALUE_FALSE:
      case VALUE_NULL:
        return new Scalar(at, t, p.getText(), 0);
      default:
        throw new SpecException(at, "unexpected YAML content (" + t + ")");
    }
  }

  /** Jackson cannot convert YAML's .nan and .inf, which it nevertheless tags as floats. */
  private static double number(JsonParser p) throws IOException {
    String text = p.getText().strip().toLowerCase(Locale.ROOT);
    switch (text) {
      case ".nan":
        return Double.NaN;
      case ".inf":
      case "+.inf":
        return Double.POSITIVE_INFINITY;
      case "-.inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return p.getDoubleValue();
    }
  }

  private static Loc loc(String source, JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return new Loc(source, l.getLineNr(), l.getColumnNr());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
