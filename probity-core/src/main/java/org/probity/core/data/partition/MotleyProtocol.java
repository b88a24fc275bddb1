package org.probity.core.data.partition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

/**
 * The evaluation protocol of Motley (Wu et al. 2022, "Motley: Benchmarking Heterogeneity and
 * Personalization in Federated Learning"; notes-federated-privacy §1). Cross-device: clients are
 * split into train/validation/test client sets, and every validation and test client splits its
 * own data into personalisation and evaluation parts. Cross-silo: every silo is split 70/15/15
 * into train/validation/test, as the official code's {@code --val_split 0.15 --test_split 0.15}.
 * Within-client splits are stratified by label where labels exist, and exact in size: each part
 * gets round(fraction · n) rows.
 */
public final class MotleyProtocol {
  private MotleyProtocol() {}

  /**
   * Cross-device split. {@code trainClients} and {@code valClients} are fractions of the clients
   * (the rest are test clients; each set's count is rounded); {@code localEvalFraction} is the share
   * of each validation/test client's rows held out for evaluation (Motley's small reproduction uses
   * 0.6, 0.2, 0.5). Validation/test clients with fewer than 2 rows cannot be split and are dropped
   * with a warning.
   */
  public static CrossDeviceSplit crossDevice(Partition p, double trainClients, double valClients,
      double localEvalFraction, Rng rng) {
    fraction("train-client fraction", trainClients, true);
    fraction("validation-client fraction", valClients, true);
    double testClients = 1 - trainClients - valClients;
    if (testClients < -1e-9) {
      throw new IllegalArgumentException("motley cross-device: train-client fraction " + trainClients
          + " plus validation-client fraction " + valClients + " exceeds 1");
    }
    if (!(localEvalFraction > 0 && localEvalFraction < 1)) {
      throw new IllegalArgumentException("motley cross-device: local evaluation fraction must be in (0, 1), got "
          + localEvalFraction);
    }
    int k = p.numClients();
    int nTrain = (int) Math.round(k * trainClients);
    int nVal = Math.min(k - nTrain, (int) Math.round(k * valClients));
    int nTest = k - nTrain - nVal;
    checkSet("train", trainClients, nTrain, k);
    checkSet("validation", valClients, nVal, k);
    checkSet("test", testClients > 1e-9 ? testClients : 0, nTest, k);
    int[] order = rng.derive("clients").permutation(k);
    List<String> warnings = new ArrayList<>(p.warnings());
    Map<Integer, Dataset> train = new HashMap<>();
    Map<Integer, PersonalSplit> val = new HashMap<>();
    Map<Integer, PersonalSplit> test = new HashMap<>();
    Rng local = rng.derive("local");
    for (int i = 0; i < k; i++) {
      int c = order[i];
      if (i < nTrain) {
        train.put(c, p.clientData(c));
        continue;
      }
      int n = p.size(c);
      if (n < 2) {
        warnings.add("motley cross-device: " + (i < nTrain + nVal ? "validation" : "test") + " client "
            + p.sourceId(c) + " has " + n + " row(s), too few for a personalisation/evaluation split; dropped");
        continue;
      }
      int nEval = Math.max(1, Math.min(n - 1, (int) Math.round(n * localEvalFraction)));
      Dataset d = p.clientData(c);
      int[][] parts = Sampling.deal(identity(n), d.labels(), new int[] {n - nEval, nEval}, local.derive(c));
      PersonalSplit s = new PersonalSplit(d.subset(parts[0]), d.subset(parts[1]));
      (i < nTrain + nVal ? val : test).put(c, s);
    }
    return new CrossDeviceSplit(train, val, test, warnings);
  }

  /** Cross-silo split with Motley's 70/15/15 train/validation/test per silo. */
  public static CrossSiloSplit crossSilo(Partition p, Rng rng) {
    return crossSilo(p, 0.15, 0.15, rng);
  }

  /**
   * Cross-silo split holding out round(valFraction·n) and round(testFraction·n) rows of every silo,
   * stratified by label. A silo too small to give every part a row is an error naming it.
   */
  public static CrossSiloSplit crossSilo(Partition p, double valFraction, double testFraction, Rng rng) {
    fraction("validation fraction", valFraction, false);
    fraction("test fraction", testFraction, false);
    if (valFraction + testFraction >= 1) {
      throw new IllegalArgumentException("motley cross-silo: validation fraction " + valFraction
          + " plus test fraction " + testFraction + " leaves no training data");
    }
    Map<Integer, ClientSplit> silos = new HashMap<>();
    for (int c = 0; c < p.numClients(); c++) {
      Dataset d = p.clientData(c);
      int n = d.size();
      int nVal = (int) Math.round(n * valFraction);
      int nTest = (int) Math.round(n * testFraction);
      int nTrain = n - nVal - nTest;
      if (nVal < 1 || nTest < 1 || nTrain < 1) {
        throw new IllegalArgumentException("motley cross-silo: silo " + p.sourceId(c) + " of '"
            + p.dataset().name() + "' has " + n + " rows, too few for a " + (1 - valFraction - testFraction) + "/"
            + valFraction + "/" + testFraction + " split (gives " + nTrain + "/" + nVal + "/" + nTest + ")");
      }
      int[][] parts = Sampling.deal(identity(n), d.labels(), new int[] {nTrain, nVal, nTest}, rng.derive(c));
      silos.put(c, new ClientSplit(d.subset(parts[0]), d.subset(parts[1]), d.subset(parts[2])));
    }
    return new CrossSiloSplit(silos, p.warnings());
  }

  private static void fraction(String what, double f, boolean zeroAllowed) {
    if (!(zeroAllowed ? f >= 0 : f > 0) || !(f <= 1)) {
      throw new IllegalArgumentException("motley: " + what + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1)")
          + ", got " + f);
    }
  }

  private static void checkSet(String set, double fraction, int count, int k) {
    if (fraction > 0 && count == 0) {
      throw new IllegalArgumentException("motley cross-device: " + set + "-client fraction " + fraction + " of "
          + k + " clients rounds to no " + set + " clients");
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
