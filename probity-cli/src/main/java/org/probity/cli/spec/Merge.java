package org.probity.cli.spec;

import java.util.List;
import java.util.Map;
import org.probity.cli.spec.YamlNode.Entry;
import org.probity.cli.spec.YamlNode.MapNode;
import org.probity.cli.spec.YamlNode.Scalar;

/**
 * How a variant's section combines with the top-level one: key by key (the variant wins), except
 * that a section which names a different {@code kind}, {@code name} or {@code type} than the
 * top-level one replaces it whole, because the other keys belong to the other kind (an
 * {@code erm} variant must not inherit a tilt; an {@code adam} variant must not inherit momentum).
 * Nodes keep their original locations, so errors point at the line that set the value.
 */
public final class Merge {
  static final List<String> DISCRIMINATORS = List.of("kind", "name", "type");

  private Merge() {}

  public static YamlNode over(YamlNode base, YamlNode over) {
    if (over == null || over instanceof Scalar s && s.isNull()) {
      return base == null ? null : YamlNode.copy(base);
    }
    if (!(base instanceof MapNode b) || !(over instanceof MapNode o)) {
      return YamlNode.copy(over);
    }
    for (String d : DISCRIMINATORS) {
      if (b.get(d) instanceof Scalar bs && o.get(d) instanceof Scalar os && !bs.text().equals(os.text())) {
        return o.copy();
      }
    }
    MapNode m = b.copy();
    for (Map.Entry<String, Entry> e : o.entries().entrySet()) {
      m.put(e.getKey(), e.getValue().keyLoc(), over(m.get(e.getKey()), e.getValue().value()));
    }
    return m;
  }
}
