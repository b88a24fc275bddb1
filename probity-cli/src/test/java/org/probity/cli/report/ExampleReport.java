package org.probity.cli.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a realistic synthetic run folder and renders its report, for looking at the page by eye
 * (and for the README screenshot): {@code java ... org.probity.cli.report.ExampleReport DIR}.
 * Prints the render time, which should stay well under two seconds.
 */
public final class ExampleReport {
  private ExampleReport() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/example-run/20250614-101530-fair-mixture");
    RunFixtures.completeClassification(dir, RunFixtures.spec("fair-mixture", false));
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    Path out = ReportRenderer.render(dir);
    // CPU time as well as wall time: on a busy machine the wall time mostly measures the others.
    System.out.printf("rendered %s in %.0f ms (%.0f ms of CPU)%n", out, (System.nanoTime() - t0) / 1e6,
        (threads.getCurrentThreadCpuTime() - c0) / 1e6);
  }
}
