package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class StandardWorkloadsTest {
  @Test
  void theDefaultBenchRunsTheDocumentedWorkloadsInOrder() {
    assertEquals(List.of("gemm", "mlp-step", "mlp-step-per-example", "dp-mlp-step", "parallel-small",
        "fl-round", "fl-deploy"),
        Workloads.standard().names());
  }

  /** Every standard workload once with the smallest budget: names, metrics, finite positive figures. */
  @Test
  @Tag("slow")
  void everyStandardWorkloadProducesItsDocumentedRows() {
    BenchContext ctx = new BenchContext(1, 2, new BenchRunner(BenchRunner.Budget.minimal(1)));
    List<BenchResult> rows = new ArrayList<>();
    for (Workload w : Workloads.standard().all()) {
      w.run(ctx, rows::add);
    }
    List<String> names = new ArrayList<>();
    for (BenchResult r : rows) {
      names.add(r.workload() + ":" + r.metric().key());
      assertTrue(r.fast() > 0 && Double.isFinite(r.fast()), r + ": fast must be a positive number");
      assertTrue(r.fallback() > 0 && Double.isFinite(r.fallback()), r + ": fallback must be a positive number");
      assertTrue(!r.comparison().isBlank(), r + ": the table needs to say what the columns are");
    }
    assertEquals(List.of("gemm-64:gflops", "gemm-256:gflops", "gemm-1024:gflops", "mlp-step:ms",
        "mlp-step-per-example:ms", "dp-mlp-step:ms", "parallel-small:steps_per_s", "fl-round:updates_per_s",
        "fl-deploy:updates_per_s"), names);
  }
}
