package org.probity.cli.run;

import org.probity.cli.spec.SpecReader;
import org.probity.cli.spec.Vocabulary;
import org.probity.core.data.Datasets;

/** The names a spec may use in this build: the data layer's datasets and the generators here. */
public final class Catalog {
  private Catalog() {}

  public static Vocabulary vocabulary() {
    return Vocabulary.of(Datasets.names(), Generators.defaults());
  }

  /** A spec reader over {@link #vocabulary()}. */
  public static SpecReader reader() {
    return new SpecReader(vocabulary());
  }
}
