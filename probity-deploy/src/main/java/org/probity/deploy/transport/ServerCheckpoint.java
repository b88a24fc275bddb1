package org.probity.deploy.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.probity.federated.RoundRecord;
import org.probity.tensor.io.SafeTensors;
import org.probity.tensor.nn.Params;

/**
 * A deployed server's durable state after each completed round: {@code round-<r>/} holds the global
 * model as safetensors and {@code state.bin} (the federation's seed, round count and strategy name
 * for a consistency check, the strategy's {@link org.probity.federated.Strategy#saveState()} and
 * the round records so far), and the file {@code latest} names the last complete one. The round
 * folder is written under a temporary name and moved into place, then {@code latest} is replaced
 * atomically, so a crash at any point leaves the previous round's checkpoint intact and readable:
 * nothing accepted is lost beyond the round in progress, which {@code Federation.resume} reruns
 * with the same random streams.
 */
public final class ServerCheckpoint {
  static final String LATEST = "latest";
  private static final String GLOBAL = "global.safetensors";
  private static final String STATE = "state.bin";
  private static final byte TYPE = 20;

  /** What a checkpoint holds. */
  public record Loaded(int round, Params global, Map<String, double[]> strategyState, List<RoundRecord> records,
      long seed, int rounds, String strategy) {}

  private ServerCheckpoint() {}

  public static void write(Path dir, int round, Params global, Map<String, double[]> strategyState,
      List<RoundRecord> records, long seed, int rounds, String strategy) throws IOException {
    Files.createDirectories(dir);
    String name = "round-" + round;
    Path tmp = Files.createTempDirectory(dir, "." + name + ".tmp-");
    SafeTensors.save(tmp.resolve(GLOBAL), global, Map.of("round", Integer.toString(round)));
    Wire.Out o = new Wire.Out(TYPE).i32(round).i64(seed).i32(rounds).str(strategy);
    Map<String, double[]> sorted = new TreeMap<>(strategyState);
    o.i32(sorted.size());
    for (Map.Entry<String, double[]> e : sorted.entrySet()) {
      o.str(e.getKey()).i32(e.getValue().length);
      for (double v : e.getValue()) {
        o.f64(v);
      }
    }
    o.i32(records.size());
    for (RoundRecord r : records) {
      o.i32(r.round()).i32(r.sampled()).i32(r.arrived()).i32(r.dropped()).i32(r.stragglers()).i32(r.timedOut())
          .i32(r.failed()).i32(r.rejected()).i32(r.attempts()).i64(r.bytesDown()).i64(r.bytesUp())
          .i64(r.evaluateBytesDown());
      doubles(o, r.metrics());
      doubles(o, r.central());
    }
    Files.write(tmp.resolve(STATE), o.toBytes());
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      deleteTree(target);
    }
    move(tmp, target);
    Path latestTmp = Files.createTempFile(dir, ".latest", ".tmp");
    Files.writeString(latestTmp, name + "\n", StandardCharsets.UTF_8);
    move(latestTmp, dir.resolve(LATEST));
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void doubles(Wire.Out o, Map<String, Double> m) {
    Map<String, Double> sorted = new TreeMap<>(m);
    o.i32(sorted.size());
    for (Map.Entry<String, Double> e : sorted.entrySet()) {
      o.str(e.getKey()).f64(e.getValue());
    }
  }

  private static Map<String, Double> doubles(Wire.In in) {
    int n = in.count("metrics", 12);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = in.str("metric");
      m.put(k, in.f64(k));
    }
    return m;
  }

  /** The checkpoint {@code latest} names in {@code dir}, or empty when there is none. */
  public static Optional<Loaded> readLatest(Path dir) throws IOException {
    Path latest = dir.resolve(LATEST);
    if (!Files.exists(latest)) {
      return Optional.empty();
    }
    String name = Files.readString(latest, StandardCharsets.UTF_8).trim();
    if (!name.matches("round-[0-9]+")) {
      throw new IOException("checkpoint: " + latest + " names '" + name + "', expected round-<number>");
    }
    Path folder = dir.resolve(name);
    Params global = SafeTensors.loadParams(folder.resolve(GLOBAL));
    byte[] bytes = Files.readAllBytes(folder.resolve(STATE));
    Wire.In in;
    try {
      in = new Wire.In(bytes, TYPE, "checkpoint " + folder.resolve(STATE));
      int round = in.i32("round");
      long seed = in.i64("seed");
      int rounds = in.i32("rounds");
      String strategy = in.str("strategy");
      int n = in.count("state", 8);
      Map<String, double[]> state = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String k = in.str("state key");
        double[] v = new double[in.count(k, 8)];
        for (int j = 0; j < v.length; j++) {
          v[j] = in.f64(k);
        }
        state.put(k, v);
      }
      int nr = in.count("records", 60);
      List<RoundRecord> records = new ArrayList<>();
      for (int i = 0; i < nr; i++) {
        records.add(new RoundRecord(in.i32("round"), in.i32("sampled"), in.i32("arrived"), in.i32("dropped"),
            in.i32("stragglers"), in.i32("timedOut"), in.i32("failed"), in.i32("rejected"), in.i32("attempts"),
            Map.of(), in.i64("bytesDown"), in.i64("bytesUp"), in.i64("evaluateBytesDown"), Map.of()));
        RoundRecord r = records.get(i);
        Map<String, Double> metrics = doubles(in);
        Map<String, Double> central = doubles(in);
        records.set(i, new RoundRecord(r.round(), r.sampled(), r.arrived(), r.dropped(), r.stragglers(), r.timedOut(),
            r.failed(), r.rejected(), r.attempts(), metrics, r.bytesDown(), r.bytesUp(), r.evaluateBytesDown(),
            central));
      }
      in.end();
      if (!name.equals("round-" + round)) {
        throw new IOException("checkpoint: " + folder + " holds round " + round);
      }
      return Optional.of(new Loaded(round, global, state, records, seed, rounds, strategy));
    } catch (io.grpc.StatusRuntimeException e) {
      throw new IOException("checkpoint: " + folder.resolve(STATE) + " is damaged: " + e.getStatus().getDescription(),
          e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
