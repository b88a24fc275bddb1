package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class FedProxSyntheticTest {
  @Test
  void fedProxShapesClientsAndSizes() {
    FedProxSynthetic.Config c = FedProxSynthetic.Config.of(1, 1).withMaxSize(400);
    Dataset d = FedProxSynthetic.generate(c, new Rng(1));
    int[] sizes = FedProxSynthetic.clientSizes(c, new Rng(1));
    assertEquals(30, sizes.length);
    int total = 0;
    for (int s : sizes) {
      assertTrue(s >= 50 && s <= 400, "size " + s);
      total += s;
    }
    assertEquals(total, d.size());
    assertEquals(60, d.exampleShape().size());
    assertEquals(10, d.numClasses());
    // Client ids 0..29, contiguous, with the drawn sizes.
    int[] perClient = new int[30];
    int prev = 0;
    for (int k : d.clients()) {
      assertTrue(k >= prev);
      prev = k;
      perClient[k]++;
    }
    assertArrayEquals(sizes, perClient);
  }

  @Test
  void uncappedSizesAreLognormalPlusFifty() {
    // int(exp(4 + 2 z)) + 50: the median client has about e^4 + 50 = 104 rows.
    FedProxSynthetic.Config c = FedProxSynthetic.Config.of(0, 0).withClients(4001);
    int[] sizes = FedProxSynthetic.clientSizes(c, new Rng(2));
    int[] sorted = sizes.clone();
    java.util.Arrays.sort(sorted);
    assertEquals(104, sorted[2000], 8);
    assertTrue(sorted[0] >= 50);
  }

  @Test
  void deterministicBySeed() {
    FedProxSynthetic.Config c = FedProxSynthetic.Config.of(0.5, 0.5).withMaxSize(100);
    assertEquals(FedProxSynthetic.generate(c, new Rng(3)).fingerprint(),
        FedProxSynthetic.generate(c, new Rng(3)).fingerprint());
    assertTrue(!FedProxSynthetic.generate(c, new Rng(3)).fingerprint()
        .equals(FedProxSynthetic.generate(c, new Rng(4)).fingerprint()));
  }

  /** Mean over clients of the squared distance between a client's mean feature vector and the overall mean. */
  private static double featureMeanSpread(Dataset d, int clients) {
    int dim = d.exampleShape().size();
    double[][] m = new double[clients][dim];
    int[] n = new int[clients];
    double[] all = new double[dim];
    for (int i = 0; i < d.size(); i++) {
      int k = d.clients()[i];
      n[k]++;
      for (int j = 0; j < dim; j++) {
        m[k][j] += d.features().data()[i * dim + j];
        all[j] += d.features().data()[i * dim + j];
      }
    }
    double spread = 0;
    for (int k = 0; k < clients; k++) {
      for (int j = 0; j < dim; j++) {
        double diff = m[k][j] / n[k] - all[j] / d.size();
        spread += diff * diff;
      }
    }
    return spread / clients;
  }

  @Test
  void featuresFollowTheDiagonalCovarianceAndBetaSpreadsClientMeans() {
    FedProxSynthetic.Config iid = FedProxSynthetic.Config.iidDefaults().withMaxSize(300);
    Dataset d = FedProxSynthetic.generate(iid, new Rng(5));
    int dim = 60;
    for (int j : new int[] {0, 9, 59}) {
      double s = 0;
      for (int i = 0; i < d.size(); i++) {
        double v = d.features().data()[i * dim + j];
        s += v * v;
      }
      double var = s / d.size();
      double expect = Math.pow(j + 1, -1.2);
      assertEquals(expect, var, 0.1 * expect + 4 * expect * Math.sqrt(2.0 / d.size()), "feature " + j);
    }
    // iid: all clients share the zero feature mean; with beta = 1 each client's centre moves by about
    // B_k ~ N(0, 1) plus N(0, 1) per coordinate, so client means spread far more.
    double iidSpread = featureMeanSpread(d, 30);
    double hetero = featureMeanSpread(FedProxSynthetic.generate(FedProxSynthetic.Config.of(0, 1).withMaxSize(300),
        new Rng(5)), 30);
    assertTrue(iidSpread < 0.5, "iid spread " + iidSpread);
    assertTrue(hetero > 40, "beta=1 spread " + hetero);
  }

  @Test
  void labelsComeFromEachClientsOwnModel() {
    // With alpha large, client models differ, so per-client label distributions differ a lot;
    // in the iid case they are close. Compare the share of the most frequent label.
    double iid = meanTopShare(FedProxSynthetic.generate(FedProxSynthetic.Config.iidDefaults().withMaxSize(300),
        new Rng(6)));
    double het = meanTopShare(FedProxSynthetic.generate(FedProxSynthetic.Config.of(1, 1).withMaxSize(300),
        new Rng(6)));
    assertTrue(het > iid, "alpha=1 top share " + het + " vs iid " + iid);
  }

  private static double meanTopShare(Dataset d) {
    int[][] counts = new int[30][10];
    int[] n = new int[30];
    for (int i = 0; i < d.size(); i++) {
      counts[d.clients()[i]][d.labels()[i]]++;
      n[d.clients()[i]]++;
    }
    double s = 0;
    for (int k = 0; k < 30; k++) {
      int top = 0;
      for (int c : counts[k]) {
        top = Math.max(top, c);
      }
      s += (double) top / n[k];
    }
    return s / 30;
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> FedProxSynthetic.Config.of(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> FedProxSynthetic.Config.of(1, 1).withClients(0));
    assertThrows(IllegalArgumentException.class, () -> FedProxSynthetic.Config.of(1, 1).withMaxSize(10));
  }
}
