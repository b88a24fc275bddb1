package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.probity.cli.BenchCommand;
import picocli.CommandLine;

/**
 * {@code probity bench --backend}: what it cannot run is refused with exit code 2 before any
 * measurement (the engine-missing case needs a classpath without probity-spark, which this
 * module's tests always have, so that case is not covered here).
 */
class BenchBackendOptionTest {
  @Test
  void anUnknownBackendOrOneWithoutFlRoundIsRefused() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCommand(Workloads.standard(), new BenchRunner(BenchRunner.Budget
        .minimal(1))));
    cl.setErr(new PrintWriter(err, true));
    assertEquals(2, cl.execute("--backend", "yarn", "fl-round"));
    assertTrue(err.toString().contains("--backend must be inprocess or spark, got 'yarn'"), err.toString());
    assertEquals(2, cl.execute("--backend", "spark", "gemm"));
    assertTrue(err.toString().contains("only fl-round has a spark variant"), err.toString());
  }
}
