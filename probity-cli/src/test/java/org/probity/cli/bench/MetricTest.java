package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricTest {
  @Test
  void speedupReadsAsTimesBetterWhicheverWayTheMetricPoints() {
    // 100 GFLOPS against 25: four times better.
    assertEquals(4.0, new BenchResult("g", Metric.GFLOPS, 100, 25, "").speedup(), 1e-12);
    // 0.5 ms against 2 ms: also four times better.
    assertEquals(4.0, new BenchResult("m", Metric.MS, 0.5, 2, "").speedup(), 1e-12);
    assertEquals(0.5, new BenchResult("p", Metric.STEPS_PER_S, 10, 20, "").speedup(), 1e-12);
  }

  @Test
  void jsonKeysAreTheDocumentedOnes() {
    assertEquals("gflops", Metric.GFLOPS.key());
    assertEquals("ms", Metric.MS.key());
    assertEquals("steps_per_s", Metric.STEPS_PER_S.key());
    assertEquals("updates_per_s", Metric.UPDATES_PER_S.key());
  }
}
