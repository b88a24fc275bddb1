package org.probity.cli.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a realistic synthetic run folder and renders its report, for looking at the page by eye:
 * {@code java ... org.probity.cli.report.ExampleReport DIR} for a central run,
 * {@code ... ExampleReport --federated DIR} for a federated one (the fixture of
 * {@link FederatedFixtures}). Prints the render time, which should stay well under two seconds.
 *
 * <p>The README screenshots come from real runs, taken with a headless browser at the width of
 * docs/images/report-example.png. docs/images/report-federated.png is the default demo:
 * {@code probity run examples/cross-silo-digits.yaml}, then {@code chromium --headless
 * --hide-scrollbars --window-size=1100,1370 --screenshot=docs/images/report-federated.png
 * file://$PWD/runs/ID/report.html} (the height ends the picture below the Federated section).
 * The same command on the folder this class writes gives a picture without running anything.
 */
public final class ExampleReport {
  private ExampleReport() {}

  public static void main(String[] args) throws IOException {
    boolean federated = args.length > 0 && args[0].equals("--federated");
    int at = federated ? 1 : 0;
    Path dir = Path.of(args.length > at ? args[at]
        : federated ? "target/example-run/20261128-143019-cross-silo-digits"
        : "target/example-run/20250614-101530-fair-mixture");
    if (federated) {
      FederatedFixtures.complete(dir, "cross-silo-digits");
    } else {
      RunFixtures.completeClassification(dir, RunFixtures.spec("fair-mixture", false));
    }
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    Path out = ReportRenderer.render(dir);
    // CPU time as well as wall time: on a busy machine the wall time mostly measures the others.
    System.out.printf("rendered %s in %.0f ms (%.0f ms of CPU)%n", out, (System.nanoTime() - t0) / 1e6,
        (threads.getCurrentThreadCpuTime() - c0) / 1e6);
  }
}
