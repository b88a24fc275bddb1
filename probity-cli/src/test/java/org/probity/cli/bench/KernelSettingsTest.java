package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.probity.tensor.kernel.Kernels;

class KernelSettingsTest {
  @Test
  void closeRestoresTheBackendAndThreadCount() {
    Kernels.Backend before = Kernels.backend();
    int threads = Kernels.threads();
    try (KernelSettings k = KernelSettings.save()) {
      k.select(Kernels.Backend.PLAIN, threads + 1);
      assertEquals(Kernels.Backend.PLAIN, Kernels.backend());
      assertEquals(threads + 1, Kernels.threads());
      assertSame(Kernels.plain(), k.gemm());
    }
    assertEquals(before, Kernels.backend());
    assertEquals(threads, Kernels.threads());
  }
}
