package org.probity.cli.run;

import org.probity.cli.files.AtomicFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run ids, the INCOMPLETE marker, and the statuses {@code runs list} reads back. */
class RunStoreTest {
  static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

  @Test
  void idsAreUniqueWithinASecondAndTheFolderStartsIncomplete(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir.resolve("runs"));
    RunFolder a = store.create("demo", T);
    RunFolder b = store.create("demo", T);
    RunFolder c = store.create("demo", T);
    assertTrue(a.id().matches("\\d{8}-\\d{6}-demo"), a.id());
    assertEquals(a.id() + "-2", b.id());
    assertEquals(a.id() + "-3", c.id());
    assertTrue(a.isIncomplete());
    assertTrue(Files.readString(a.file(RunFolder.INCOMPLETE)).startsWith("started " + T));
    a.markEnded();
    assertFalse(a.isIncomplete());
  }

  @Test
  void listReadsStatusesNamesAndHeadlinesOldestFirst(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    RunFolder done = store.create("good", T);
    done.write(RunFolder.SUMMARY, "{\"name\": \"good\", \"status\": \"complete\", \"started\": \"" + T + "\","
        + " \"variants\": [{\"name\": \"erm\", \"test\": {\"loss\": 0.5, \"accuracy\": 0.81}},"
        + " {\"name\": \"reg\", \"test\": {\"loss\": 0.5, \"rmse\": 1.5}}]}");
    done.markEnded();
    RunFolder failed = store.create("bad", T.plusSeconds(60));
    failed.write(RunFolder.SUMMARY, "{\"name\": \"bad\", \"status\": \"failed\", \"variants\": [],"
        + " \"error\": \"variant erm: training diverged\"}");
    failed.markEnded();
    RunFolder killed = store.create("killed", T.plusSeconds(120));
    killed.write(RunFolder.SPEC, "name: killed\nseed: 1\n");
    RunFolder stale = store.create("stale", T.plusSeconds(180));
    stale.write(RunFolder.SUMMARY, "{\"name\": \"stale\", \"status\": \"complete\", \"variants\": []}");
    // a summary written but the marker not yet removed: still incomplete
    RunFolder noSummary = store.create("lost", T.plusSeconds(240));
    noSummary.write(RunFolder.SPEC, "name: lost\n");
    noSummary.markEnded();
    Files.createDirectories(dir.resolve("not-a-run"));

    List<RunInfo> runs = store.list();
    assertEquals(List.of("good", "bad", "killed", "stale", "lost"), runs.stream().map(RunInfo::name).toList());
    assertEquals(List.of(RunStatus.COMPLETE, RunStatus.FAILED, RunStatus.INCOMPLETE, RunStatus.INCOMPLETE,
        RunStatus.INCOMPLETE), runs.stream().map(RunInfo::status).toList());
    assertEquals(List.of(new RunInfo.Headline("erm", "accuracy", 0.81), new RunInfo.Headline("reg", "rmse", 1.5)),
        runs.get(0).headlines());
    assertEquals(T, runs.get(0).started());
    assertEquals("variant erm: training diverged", runs.get(1).error());
    assertEquals(T.plusSeconds(120), runs.get(2).started(), "read from the id (to the second)");
  }

  @Test
  void atomicWritesReplaceWholeFilesAndLeaveNoTemporaries(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/x.json");
    AtomicFiles.write(f, "{\"a\": 1}");
    AtomicFiles.write(f, "{\"a\": 2}");
    assertEquals("{\"a\": 2}", Files.readString(f));
    try (var s = Files.list(f.getParent())) {
      assertEquals(List.of("x.json"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void metricsLogIsAlwaysWholeLines(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("metrics.jsonl");
    MetricsLog log = new MetricsLog(f, 0);
    for (int i = 1; i <= 3; i++) {
      var o = Json.object();
      o.put("step", i);
      Json.put(o, "loss", i == 2 ? Double.NaN : 1.0 / i);
      log.append(o);
      for (String line : Files.readAllLines(f)) {
        assertTrue(line.startsWith("{\"step\":") && line.endsWith("}"), line);
      }
    }
    log.flush();
    assertEquals(List.of("{\"step\":1,\"loss\":1.0}", "{\"step\":2,\"loss\":null}", "{\"step\":3,\"loss\":"
        + (1.0 / 3) + "}"), Files.readAllLines(f));
  }
}
