package org.probity.cli.spec;

import java.util.ArrayList;
import java.util.List;
import org.probity.cli.spec.YamlNode.ListNode;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * Applies {@code --set path=value} overrides to a spec tree before it is validated, so an
 * override goes through exactly the checks a value written in the file does: a path that is not
 * in the schema is reported as an unknown key (located at the {@code --set} argument, with the
 * closest valid key), and a value of the wrong type as a wrong type. Values are read as YAML
 * scalars ({@code 0.1}, {@code true}, {@code adam}, {@code .nan}, {@code [64, 32]}). List items
 * are addressed by index ({@code variants.1.objective.t} or {@code variants[1]...}) or, for
 * lists of named sections, by name ({@code variants.term.objective.t}).
 */
public final class Overrides {
  private Overrides() {}

  /** A copy of {@code root} with every override applied, in order. */
  public static YamlNode apply(YamlNode root, List<String> sets) {
    if (sets.isEmpty() || !(root instanceof MapNode m)) {
      return root;
    }
    MapNode out = m.copy();
    for (String set : sets) {
      applyOne(out, set);
    }
    return out;
  }

  private static void applyOne(MapNode root, String set) {
    Loc loc = Loc.of("--set " + set);
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw new SpecException(loc, "expected KEY=VALUE, for example --set optimizer.lr=0.05");
    }
    List<String> path = segments(set.substring(0, eq).strip(), loc);
    YamlNode value = YamlTree.parseValue(loc.source(), set.substring(eq + 1).strip());
    YamlNode cur = root;
    for (int i = 0; i < path.size(); i++) {
      String seg = path.get(i);
      boolean last = i == path.size() - 1;
      String here = String.join(".", path.subList(0, i + 1));
      if (cur instanceof MapNode map) {
        if (last) {
          map.put(seg, loc, value);
          return;
        }
        YamlNode next = map.get(seg);
        if (next == null || next instanceof Scalar s && s.isNull()) {
          next = new MapNode(loc);
          map.put(seg, loc, next);
        } else if (next instanceof Scalar s) {
          throw new SpecException(loc, "'" + here + "' is a value (" + s.describe() + "), not a section");
        }
        cur = next;
      } else {
        ListNode list = (ListNode) cur;
        int index = indexOf(list, seg, String.join(".", path.subList(0, i)), loc);
        if (last) {
          list.items().set(index, value);
          return;
        }
        cur = list.items().get(index);
        if (cur instanceof Scalar s) {
          throw new SpecException(loc, "'" + here + "' is a value (" + s.describe() + "), not a section");
        }
      }
    }
  }

  private static int indexOf(ListNode list, String seg, String listPath, Loc loc) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < list.items().size(); j++) {
      if (list.items().get(j) instanceof MapNode item && item.get("name") instanceof Scalar s) {
        names.add(s.text());
        if (s.text().equals(seg)) {
          return j;
        }
      }
    }
    if (seg.matches("\\d+")) {
      int index = Integer.parseInt(seg);
      if (index < list.items().size()) {
        return index;
      }
    }
    throw new SpecException(loc, "'" + listPath + "' has no item '" + seg + "' (it has "
        + list.items().size() + (names.isEmpty() ? " items" : " items: index 0.." + (list.items().size() - 1)
        + " or name " + String.join(", ", names)) + ")");
  }

  /** "variants[1].objective.t" and "variants.1.objective.t" both become [variants, 1, objective, t]. */
  static List<String> segments(String key, Loc loc) {
    List<String> out = new ArrayList<>();
    for (String part : key.split("\\.", -1)) {
      String p = part;
      int br = p.indexOf('[');
      if (br >= 0) {
        if (!p.endsWith("]")) {
          throw new SpecException(loc, "malformed key '" + key + "'");
        }
        String head = p.substring(0, br);
        String idx = p.substring(br + 1, p.length() - 1);
        if (!head.isEmpty()) {
          out.add(head);
        }
        out.add(idx);
      } else {
        out.add(p);
      }
    }
    for (String s : out) {
      if (s.isBlank()) {
        throw new SpecException(loc, "malformed key '" + key + "': empty part");
      }
    }
    return out;
  }
}
