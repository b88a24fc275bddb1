package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.cli.BenchCommand;
import picocli.CommandLine;

/**
 * {@code probity bench fl-round --backend spark} at a reduced size (20 and 40 clients, 2 rounds a
 * repetition, local[2]) through the real command: both rows and the note are printed, every figure
 * is present and finite, and the Spark engine ends on the in-process parameters (FedAvg's weighted
 * mean is exact on the engine, within 1e-6). Nothing here is timed; a Spark context starts twice,
 * hence slow.
 */
@Tag("slow")
class FlRoundSparkWorkloadTest {
  @Test
  void theSparkVariantRunsBesideTheInProcessOneWithTheSameParameters() {
    FlRoundSparkWorkload spark = new FlRoundSparkWorkload(20, 40, 2);
    StringWriter text = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCommand(new Workloads(List.of(new FlRoundWorkload(spark))),
        new BenchRunner(BenchRunner.Budget.minimal(1))));
    cl.setOut(new PrintWriter(text, true));
    int code = cl.execute("--threads", "2", "--backend", "spark", "fl-round");
    String out = text.toString();
    System.out.print(out); // the bench's own output, for whoever reads the test log
    assertEquals(0, code, out);
    assertTrue(out.contains("fl-round-spark ") && out.contains("fl-round-spark-40") && out.contains("updates_per_s"),
        out);
    assertTrue(out.contains("fl-round spark: master local[2]") && out.contains("engine start-up")
        && out.contains("Parameters equal in-process: yes"), out);

    FlRoundSparkWorkload.Measurement m = spark.last();
    assertEquals(2, m.threads());
    for (FlRoundSparkWorkload.Side s : List.of(m.small(), m.big(), m.cohort())) {
      assertTrue(s.inProcessPerS() > 0 && Double.isFinite(s.inProcessPerS()), m.note());
      assertTrue(s.sparkPerS() > 0 && Double.isFinite(s.sparkPerS()), m.note());
      assertTrue(s.overhead() > 0 && Double.isFinite(s.overhead()), m.note());
      assertTrue(s.startupSeconds() > 0 && Double.isFinite(s.startupSeconds()), m.note());
      assertTrue(s.maxParamDiff() <= 1e-6, m.note());
      assertEquals(2, s.roundsTimed(), m.note());
    }
    assertEquals(20, m.small().clients());
    assertEquals(40, m.big().clients());
    assertEquals(20, m.cohort().clients());
  }
}
