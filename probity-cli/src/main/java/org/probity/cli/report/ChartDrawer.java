package org.probity.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Draws the report's chart plans into figures. The first chart is drawn alone: it pays for loading
 * AWT and the fonts, and if that fails (a JVM without fonts throws on the first text) the failure
 * becomes one note and no other chart is tried, so the page still renders with its tables. The
 * rest are drawn in parallel on a few daemon threads (each chart is independent and paints its own
 * image), which keeps a report with half a dozen charts well under the two-second budget.
 */
final class ChartDrawer {
  /** More threads than this gain nothing for the handful of charts a report has. */
  static final int MAX_THREADS = 4;

  /** A chart ready for the page: its caption and an {@code <img>} (or a note why it is missing). */
  record Figure(String title, String html) {}

  private final List<Problem> problems;
  private volatile boolean broken;

  /** Failures are added to {@code problems} (at most one). */
  ChartDrawer(List<Problem> problems) {
    this.problems = problems;
  }

  /** The figures for the plans, in the same order. */
  List<Figure> draw(List<Charts.Plan> plans) {
    List<Figure> out = new ArrayList<>(plans.size());
    if (plans.isEmpty()) {
      return out;
    }
    out.add(figure(plans.get(0)));
    List<Charts.Plan> rest = plans.subList(1, plans.size());
    int threads = Math.min(Math.min(rest.size(), MAX_THREADS), Runtime.getRuntime().availableProcessors());
    if (broken || threads <= 1) {
      for (Charts.Plan p : rest) {
        out.add(figure(p));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "probity-report-chart");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Figure>> futures = new ArrayList<>(rest.size());
      for (Charts.Plan p : rest) {
        futures.add(pool.submit(() -> figure(p)));
      }
      for (int i = 0; i < futures.size(); i++) {
        out.add(result(futures.get(i), rest.get(i)));
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private Figure result(Future<Figure> f, Charts.Plan plan) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Figure(plan.title(), missing("not drawn (interrupted)"));
    } catch (ExecutionException e) {
      // figure() catches what drawing throws; only a VM error can get here.
      fail(e.getCause());
      return new Figure(plan.title(), missing("not drawn (see the notes)"));
    }
  }

  /** Draws one chart; a failure is noted once and marks the drawer broken. */
  Figure figure(Charts.Plan plan) {
    if (broken) {
      return new Figure(plan.title(), missing("not drawn (see the notes)"));
    }
    try {
      Chart<?, ?> c = plan.maker().make();
      if (c == null) {
        return new Figure(plan.title(), missing("no finite values to plot"));
      }
      return new Figure(plan.title(), ChartImage.imgTag(c, Charts.WIDTH, Charts.HEIGHT, plan.title()));
    } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
      // InternalError: what a JVM without fontconfig or fonts throws on the first text drawn.
      fail(e);
      return new Figure(plan.title(), missing("not drawn (see the notes)"));
    }
  }

  private void fail(Throwable e) {
    synchronized (problems) {
      if (!broken) {
        broken = true;
        problems.add(Problem.of("", "Charts could not be drawn (" + e + "); the numbers in the tables are unaffected."));
      }
    }
  }

  private static String missing(String why) {
    return "<div class=\"chart missing\">" + Html.esc(why) + "</div>";
  }
}
