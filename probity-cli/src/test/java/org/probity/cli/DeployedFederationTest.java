package org.probity.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.train.Checkpoints;

/**
 * The README's deployment, as separate processes on loopback: {@code probity certs init}, one
 * {@code probity fl server} and one {@code probity fl client} per site, each its own JVM talking
 * gRPC over mutual TLS. The deployed run must end with exactly the parameters of the in-process
 * simulation of the same spec ({@code probity run}); a server killed after round 2 and started
 * again must resume there and end the same way.
 */
@Tag("slow")
class DeployedFederationTest {
  private static final Path SPEC = Path.of("..", "examples", "deploy-two-sites.yaml");
  private static final int LONG_ROUNDS = 60;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
  }

  private Process start(Path dir, String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        Probity.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    processes.add(p);
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static float[] fedavgCheckpoint(Path runs) throws IOException {
    try (Stream<Path> dirs = Files.list(runs)) {
      Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      return Checkpoints.read(run.resolve("checkpoints").resolve("fedavg.safetensors")).params().flatten().data();
    }
  }

  private static void await(Process p, String name, Path dir) throws Exception {
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish:\n" + log(dir, name));
    assertEquals(0, p.exitValue(), name + " failed:\n" + log(dir, name));
  }

  private static String log(Path dir, String name) throws IOException {
    Path f = dir.resolve(name + ".log");
    return Files.exists(f) ? Files.readString(f) : "(no log)";
  }

  private Path kits(Path dir, int port) {
    Path fed = dir.resolve("fed");
    Cli init = Cli.run("certs", "init", "--out", fed.toString(), "--sites", "a,b", "--server", "localhost:" + port);
    assertEquals(0, init.code, init.toString());
    return fed;
  }

  private float[] simulation(Path dir, Path spec) throws IOException {
    Cli sim = Cli.run("run", spec.toAbsolutePath().toString(), "--out", dir.resolve("sim").toString());
    assertEquals(0, sim.code, sim.toString());
    return fedavgCheckpoint(dir.resolve("sim"));
  }

  @Test
  void aServerAndTwoSiteProcessesEndWithTheSimulationsParameters(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path fed = kits(dir, port);
    String spec = SPEC.toAbsolutePath().toString();
    Process server = start(dir, "server", "fl", "server", "--spec", spec, "--kit", fed.resolve("server").toString(),
        "--state", dir.resolve("state").toString(), "--out", dir.resolve("runs").toString());
    Process a = start(dir, "a", "fl", "client", "--kit", fed.resolve("sites/a").toString(), "--data", spec,
        "--client", "0");
    Process b = start(dir, "b", "fl", "client", "--kit", fed.resolve("sites/b").toString(), "--data", spec,
        "--client", "1");
    await(server, "server", dir);
    await(a, "a", dir);
    await(b, "b", dir);
    assertArrayEquals(simulation(dir, SPEC), fedavgCheckpoint(dir.resolve("runs")), "deployed = simulated, bit for bit");
    List<String> audit = Files.readAllLines(dir.resolve("state").resolve("audit.jsonl"));
    assertEquals(5, audit.size(), "one audit line per round");
    assertTrue(audit.get(0).contains("\"a\"") && audit.get(0).contains("\"b\""), audit.get(0));
    assertTrue(log(dir, "server").contains("report: "), log(dir, "server"));
    assertTrue(log(dir, "a").contains("trained in 5 rounds"), log(dir, "a"));
  }

  @Test
  void aServerKilledAfterRoundTwoResumesAndEndsTheSame(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path fed = kits(dir, port);
    // More rounds than the README's spec, so that killing the server "after round 2" never races
    // the end of the run on a busy machine.
    Path longer = dir.resolve("deploy-two-sites-long.yaml");
    Files.writeString(longer, Files.readString(SPEC).replace("rounds: 5", "rounds: " + LONG_ROUNDS));
    String spec = longer.toString();
    String[] serverArgs = {"fl", "server", "--spec", spec, "--kit", fed.resolve("server").toString(), "--state",
        dir.resolve("state").toString(), "--out", dir.resolve("runs").toString()};
    Process server = start(dir, "server1", serverArgs);
    Process b = start(dir, "b", "fl", "client", "--kit", fed.resolve("sites/b").toString(), "--data", spec,
        "--client", "1");
    // Every round needs both sites (the default --min-clients), so with only b connected the server
    // waits: status is asked there, and never races the rounds (which take milliseconds each here).
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Cli status;
    do {
      assertTrue(System.nanoTime() < end, "site b never registered:\n" + log(dir, "server1") + log(dir, "b"));
      assertTrue(server.isAlive(), "the server ended early:\n" + log(dir, "server1"));
      Thread.sleep(50);
      status = Cli.run("fl", "status", "--kit", fed.resolve("sites/a").toString());
    } while (!(status.code == 0 && status.out().contains("\"b\":{\"client_id\":1")));
    assertTrue(status.out().contains("\"rounds\":" + LONG_ROUNDS), status.out());
    Process a = start(dir, "a", "fl", "client", "--kit", fed.resolve("sites/a").toString(), "--data", spec,
        "--client", "0");
    Path audit = dir.resolve("state").resolve("audit.jsonl");
    while (!(Files.exists(audit) && Files.readAllLines(audit).size() >= 2)) {
      assertTrue(System.nanoTime() < end, "round 2 never ended:\n" + log(dir, "server1"));
      assertTrue(server.isAlive(), "the server ended early:\n" + log(dir, "server1"));
      Thread.sleep(5);
    }
    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int audited = Files.readAllLines(audit).size();
    assertTrue(audited >= 2 && audited < LONG_ROUNDS, "killed after round " + audited);
    Process again = start(dir, "server2", serverArgs);
    await(again, "server2", dir);
    await(a, "a", dir);
    await(b, "b", dir);
    // The kill may fall between a round's audit line and its checkpoint: then that round runs again.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("resuming after round (\\d+)")
        .matcher(log(dir, "server2"));
    assertTrue(m.find(), log(dir, "server2"));
    int resumedAfter = Integer.parseInt(m.group(1));
    assertTrue(resumedAfter == audited || resumedAfter == audited - 1, "audited " + audited + ", resumed after "
        + resumedAfter);
    List<Integer> rounds = new ArrayList<>();
    for (String line : Files.readAllLines(audit)) {
      java.util.regex.Matcher r = java.util.regex.Pattern.compile("\"round\":(\\d+)").matcher(line);
      assertTrue(r.find(), line);
      rounds.add(Integer.parseInt(r.group(1)));
    }
    assertEquals(new java.util.TreeSet<>(rounds).size(), LONG_ROUNDS, "every round is audited: " + rounds);
    assertEquals(LONG_ROUNDS + audited - resumedAfter, rounds.size(), "a round is logged again only if it ran again");
    Path runs = dir.resolve("runs");
    float[] resumed;
    try (Stream<Path> dirs = Files.list(runs)) {
      // The killed server's folder is left as it was; the resumed run has the checkpoint.
      Path done = dirs.filter(d -> Files.exists(d.resolve("checkpoints").resolve("fedavg.safetensors")))
          .findFirst().orElseThrow();
      resumed = Checkpoints.read(done.resolve("checkpoints").resolve("fedavg.safetensors")).params().flatten().data();
    }
    assertArrayEquals(simulation(dir, longer), resumed, "resumed = uninterrupted simulation");
    assertTrue(new File(dir.toFile(), "server1.log").exists());
  }

  @Test
  void withSecureAggregationTheResultStaysWithinTheFixedPointBound(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path fed = kits(dir, port);
    String spec = SPEC.toAbsolutePath().toString();
    Process server = start(dir, "server", "fl", "server", "--spec", spec, "--kit", fed.resolve("server").toString(),
        "--state", dir.resolve("state").toString(), "--out", dir.resolve("runs").toString(), "--secure-aggregation");
    Process a = start(dir, "a", "fl", "client", "--kit", fed.resolve("sites/a").toString(), "--data", spec,
        "--client", "0");
    Process b = start(dir, "b", "fl", "client", "--kit", fed.resolve("sites/b").toString(), "--data", spec,
        "--client", "1");
    await(server, "server", dir);
    await(a, "a", dir);
    await(b, "b", dir);
    assertTrue(log(dir, "server").contains("secure aggregation"), log(dir, "server"));
    float[] sim = simulation(dir, SPEC);
    float[] secure = fedavgCheckpoint(dir.resolve("runs"));
    double worst = 0;
    for (int i = 0; i < sim.length; i++) {
      worst = Math.max(worst, Math.abs(sim[i] - secure[i]));
    }
    // 16 fractional bits, 2 sites, ~630 examples each: per round at most 2 * 2^-17 / 1257 ≈ 1.2e-8 per
    // coordinate plus float rounding, compounded over 5 rounds of local training; 1e-4 leaves room for
    // that compounding while still catching a wrong sum (which is off by O(1)).
    assertTrue(worst <= 1e-4, "max |secure - plain| = " + worst);
  }
}
