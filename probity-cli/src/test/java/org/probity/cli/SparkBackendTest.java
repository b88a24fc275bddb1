package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.train.Checkpoints;

/**
 * {@code federated.backend: {kind: spark}} through {@code probity run}: the same spec and seed give
 * the same final parameters on Spark ({@code local[2]}) as in-process, for a FedAvg-family strategy
 * (summed by treeAggregate on the executors) and for Ditto, whose personal models stay on the
 * executors between rounds; and what the engine cannot run yet fails before any folder.
 */
@Tag("slow")
class SparkBackendTest {
  private static final String SPEC = String.join("\n",
      "name: spark-check",
      "data: {source: rotated-patched-digits, options: {silos: 4}}",
      "model: {type: softmax}",
      "federated:",
      "  rounds: 3",
      "  clients_per_round: 3",
      "  strategies: [{kind: fedavg}, {kind: ditto, lambda: 0.5}]",
      "");

  private static float[] checkpoint(Path runs, String strategy) throws IOException {
    try (Stream<Path> dirs = Files.list(runs)) {
      Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      return Checkpoints.read(run.resolve("checkpoints").resolve(strategy + ".safetensors")).params().flatten().data();
    }
  }

  @Test
  void sparkLocalTwoGivesTheInProcessParameters(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    Cli local = Cli.run("run", spec.toString(), "--out", dir.resolve("local").toString());
    assertEquals(0, local.code, local.toString());
    Cli spark = Cli.run("run", spec.toString(), "--out", dir.resolve("spark").toString(),
        "--set", "federated.backend.kind=spark", "--set", "federated.backend.master=local[2]");
    assertEquals(0, spark.code, spark.toString());
    for (String s : new String[] {"fedavg", "ditto"}) {
      float[] a = checkpoint(dir.resolve("local"), s);
      float[] b = checkpoint(dir.resolve("spark"), s);
      // treeAggregate adds the same double terms in another order; a float can differ only where a sum
      // sits within a few ulps of a rounding boundary. Measured: identical.
      assertArrayEquals(a, b, 1e-6f, s);
    }
    String resolved;
    try (Stream<Path> dirs = Files.list(dir.resolve("spark"))) {
      resolved = Files.readString(dirs.findFirst().orElseThrow().resolve("spec.yaml"));
    }
    assertTrue(resolved.contains("kind: spark") && resolved.contains("local[2]"), resolved);
  }

  @Test
  void whatSparkCannotRunYetFailsBeforeAnyFolder(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SPEC.replace("{kind: ditto, lambda: 0.5}", "{kind: maxfl}"));
    Cli c = Cli.run("run", spec.toString(), "--out", dir.resolve("runs").toString(),
        "--set", "federated.backend.kind=spark");
    assertEquals(2, c.code, c.toString());
    assertTrue(c.err().contains("federated.backend.kind: maxfl"), c.err());
    if (Files.exists(dir.resolve("runs"))) {
      try (Stream<Path> left = Files.list(dir.resolve("runs"))) {
        assertTrue(left.findAny().isEmpty(), "no run folder");
      }
    }
    Cli bad = Cli.run("run", spec.toString(), "--set", "federated.backend.kind=inprocess",
        "--set", "federated.backend.master=local[2]");
    assertEquals(2, bad.code, bad.toString());
    assertTrue(bad.err().contains("federated.backend.master: only used by backend kind spark"), bad.err());
  }
}
