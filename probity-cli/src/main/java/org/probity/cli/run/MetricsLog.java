package org.probity.cli.run;

import org.probity.cli.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The run's {@code metrics.jsonl}: one JSON object per line, kept in memory and rewritten
 * atomically at most every {@code intervalMillis}, or less often when the file has grown large
 * (and on {@link #flush}), so that the file on
 * disk is always whole lines of valid JSON even when the run is killed mid-write, and a report
 * rendered during the run sees the curves so far. The file stays small (a line per logged step),
 * so rewriting it is cheap next to training.
 */
public final class MetricsLog {
  private final Path file;
  private final long intervalMillis;
  private final StringBuilder lines = new StringBuilder();
  private long lastFlush;
  private long lastCostMillis;
  private boolean dirty;

  public MetricsLog(Path file, long intervalMillis) {
    this.file = file;
    this.intervalMillis = intervalMillis;
  }

  public synchronized void append(ObjectNode line) {
    try {
      lines.append(Json.MAPPER.writeValueAsString(line)).append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics line cannot be written as JSON", e);
    }
    dirty = true;
    long now = System.currentTimeMillis();
    // Rewriting costs time in proportion to the file; waiting 50 times as long as the last
    // rewrite took keeps that below 2% of the run however long the log grows.
    if (now - lastFlush >= Math.max(intervalMillis, 50 * lastCostMillis)) {
      flush();
    }
  }

  /** Writes everything logged so far. */
  public synchronized void flush() {
    long start = System.currentTimeMillis();
    try {
      AtomicFiles.write(file, lines.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
    }
    dirty = false;
    lastFlush = System.currentTimeMillis();
    lastCostMillis = lastFlush - start;
  }

  /** Whether lines were appended since the last flush. */
  public synchronized boolean dirty() {
    return dirty;
  }
}
