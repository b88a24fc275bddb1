package org.probity.cli.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain log lines, for output that is not a terminal: a line each time the work
 * crosses another 10%, or when {@code intervalMillis} passed since the last line, and a final line
 * with the total time, e.g. {@code "train erm: 40% (200/500 steps, 3.1 s) loss 0.612"}. Work of
 * unknown length (one long call, such as a reproduction) gets a "still running" line at that
 * interval from a daemon timer thread, since nothing else would report in the meantime.
 */
final class LogProgress implements Progress {
  private final PrintWriter log;
  private final long intervalNanos;
  private final LongSupplier clock;

  LogProgress(PrintWriter log, long intervalMillis, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.clock = nanoClock;
  }

  @Override
  public Task start(String label, long total, String unit) {
    LineTask task = new LineTask(label, total, unit);
    if (total <= 0) {
      Thread ticker = new Thread(task::tickForever, "progress-" + label);
      ticker.setDaemon(true);
      ticker.start();
    }
    return task;
  }

  private final class LineTask implements Task {
    private final String label;
    private final long total;
    private final String unit;
    private final long start = clock.getAsLong();
    private long done;
    private long lastLine = start;
    private int lastTenth;
    private String message = "";
    private boolean closed;

    LineTask(String label, long total, String unit) {
      this.label = label;
      this.total = total;
      this.unit = unit;
    }

    @Override
    public synchronized void stepTo(long n) {
      done = n;
      long now = clock.getAsLong();
      int tenth = total > 0 ? (int) Math.min(10, done * 10 / total) : 0;
      boolean newTenth = total > 0 && tenth > lastTenth && tenth < 10;
      if (newTenth || now - lastLine >= intervalNanos) {
        lastTenth = Math.max(lastTenth, tenth);
        line(now, false);
      }
    }

    @Override
    public synchronized void message(String text) {
      message = text == null ? "" : text;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        line(clock.getAsLong(), true);
        notifyAll();
      }
    }

    /** For unknown totals: a line every interval until closed. */
    synchronized void tickForever() {
      long waitMillis = Math.max(1, intervalNanos / 1_000_000L);
      while (!closed) {
        try {
          wait(waitMillis);
        } catch (InterruptedException e) {
          return;
        }
        if (!closed && clock.getAsLong() - lastLine >= intervalNanos) {
          line(clock.getAsLong(), false);
        }
      }
    }

    private void line(long now, boolean end) {
      lastLine = now;
      double secs = (now - start) / 1e9;
      String extra = message.isEmpty() ? "" : " " + message;
      if (end) {
        String count = total > 0 || done > 0 ? done + " " + unit + ", " : "";
        log.printf(Locale.ROOT, "%s: done (%s%.1f s)%s%n", label, count, secs, extra);
      } else if (total > 0) {
        log.printf(Locale.ROOT, "%s: %d%% (%d/%d %s, %.1f s)%s%n", label, done * 100 / total, done, total, unit,
            secs, extra);
      } else {
        log.printf(Locale.ROOT, "%s: running, %.1f s%s%n", label, secs, extra);
      }
      log.flush();
    }
  }
}
