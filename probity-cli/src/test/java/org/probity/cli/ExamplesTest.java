package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.LoadedSpec;

/**
 * Every spec in the repository's examples/ folder is valid (a federated one also prepares its
 * clients, which checks what only the data can), and examples/cross-silo-digits.yaml describes the
 * same experiment as the bundled default, so the README's tour stays true.
 */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void everyExampleSpecIsValid() throws Exception {
    List<Path> specs;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(specs.isEmpty(), "examples/ has specs");
    for (Path p : specs) {
      String text = Files.readString(p);
      if (text.lines().anyMatch(l -> l.startsWith("sweep:"))) {
        // a sweep spec (probity sweep): its base and its sweep section, every swept value applied once
        org.probity.cli.sweep.SweepFile.parse(p.toString(), text, List.of()).sweep(Catalog.reader());
        continue;
      }
      LoadedSpec loaded = Catalog.reader().read(p.toString(), text, List.of());
      if (loaded.spec().isFederated()) {
        FederatedRunner.prepare(loaded);
      }
    }
  }

  @Test
  void theCrossSiloExampleIsTheBundledDefault() throws Exception {
    String bundled;
    try (InputStream in = RunCommand.class.getResourceAsStream(RunCommand.DEFAULT_SPEC)) {
      bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ExperimentSpec a = Catalog.reader().read("default.yaml", bundled, List.of()).spec();
    Path copy = EXAMPLES.resolve("cross-silo-digits.yaml");
    ExperimentSpec b = Catalog.reader().read(copy.toString(), Files.readString(copy), List.of()).spec();
    assertEquals(a, b);
  }
}
