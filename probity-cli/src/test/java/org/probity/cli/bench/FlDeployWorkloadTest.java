package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.cli.BenchCommand;
import picocli.CommandLine;

/**
 * {@code probity bench fl-deploy} at a reduced size (5 clients, 3 rounds) through the real command:
 * it prints its row and its note, the deployment has no errors, ends with the simulation's
 * parameters, and every figure is present and finite. Nothing here is timed.
 */
class FlDeployWorkloadTest {
  @Test
  void aSmallDeploymentRunsThroughTheBenchWithoutErrors() {
    FlDeployWorkload w = new FlDeployWorkload(5, 3, false);
    StringWriter text = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCommand(new Workloads(List.of(w)),
        new BenchRunner(BenchRunner.Budget.minimal(1))));
    cl.setOut(new PrintWriter(text, true));
    int code = cl.execute("--threads", "2", "fl-deploy");
    String out = text.toString();
    System.out.print(out); // the bench's own output, for whoever reads the test log
    assertEquals(0, code, out);
    assertTrue(out.contains("fl-deploy") && out.contains("updates_per_s"), out);
    assertTrue(out.contains("fl-deploy: 5 clients x 3 rounds") && out.contains("errors 0;")
        && out.contains("parameters equal to the simulation: yes") && out.contains("plaintext"), out);

    FlDeployWorkload.Measurement m = w.last();
    assertEquals(0, m.errors(), m.note());
    assertTrue(m.sameParameters(), m.note());
    assertTrue(m.deployedRoundsPerMin() > 0 && Double.isFinite(m.deployedRoundsPerMin()), m.note());
    assertTrue(m.simulatedRoundsPerMin() > 0 && Double.isFinite(m.simulatedRoundsPerMin()), m.note());
    assertTrue(m.ratio() > 0 && Double.isFinite(m.ratio()), m.note());
    assertTrue(m.heapEarly() > 0 && m.heapLate() > 0, m.note());
    assertEquals(1, m.heapEarlyRound(), m.note());
    // The model's parameters travel to and from each of the 5 clients every round (plus evaluation).
    assertTrue(m.paramBytesPerRound() > 0, m.note());
    assertTrue(m.wireBytesPerRound() >= m.paramBytesPerRound(), m.note());
  }
}
