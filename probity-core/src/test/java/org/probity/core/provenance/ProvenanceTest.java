package org.probity.core.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.kernel.Kernels;

class ProvenanceTest {
  @Test
  void specHashIsSha256OfTheText() {
    // FIPS 180-2 test vector.
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Provenance.sha256("abc"));
  }

  @Test
  void captureRecordsPlatformDataAndSeed() {
    Dataset d = Dataset.classification("toy", Tensor.randn(new Rng(1), 4, 2), new int[] {0, 1, 0, 1}, 2);
    Map<String, Dataset> data = new LinkedHashMap<>();
    data.put("train", d);
    data.put("test", d.named("toy-test"));
    Provenance p = Provenance.capture("seed: 7\n", 7, data);
    assertEquals(Provenance.sha256("seed: 7\n"), p.specHash());
    assertEquals(7, p.seed());
    assertTrue(p.gitCommit().equals("unknown") || p.gitCommit().matches("[0-9a-f]{40}"), p.gitCommit());
    assertEquals(System.getProperty("os.arch"), p.arch());
    assertEquals(Runtime.getRuntime().availableProcessors(), p.processors());
    assertEquals(Kernels.backend().name(), p.kernelBackend());
    assertEquals(Kernels.threads(), p.kernelThreads());
    assertEquals(d.fingerprint(), p.datasets().get("train").fingerprint());
    assertEquals("toy-test", p.datasets().get("test").name());
    assertEquals(4, p.datasets().get("test").size());
    assertTrue(p.libraries().containsKey("jackson-databind"));
    assertTrue(p.privacy().isEmpty());
  }

  @Test
  void jsonRoundTripKeepsEverything() {
    Provenance p = Provenance.capture("x", -3, Map.of()).withPrivacy(Map.of("epsilon", 1.5, "mechanism", "gaussian"));
    String json = p.toJson();
    assertTrue(json.contains("\"specHash\"") && json.contains("\"epsilon\" : 1.5"), json);
    assertEquals(p, Provenance.fromJson(json));
  }

  @Test
  void gitCommitFromGitOrUnknown() {
    String c = Platform.askGit();
    assertTrue(c.equals("unknown") || c.matches("[0-9a-f]{40}([0-9a-f]{24})?"), c);
  }
}
