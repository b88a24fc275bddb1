package org.probity.core.data;

import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * Splits beyond {@link Dataset#split}: a stratified split keeps each class's share the same in
 * train and test (up to rounding), which matters on small or imbalanced data such as wine or
 * breast-cancer where a plain random split can leave a test set short of one class; a group split
 * does the same per group, so every group appears in both parts for worst-group metrics, and a
 * client split per client, so every federated client has local test data.
 */
public final class Splits {
  private Splits() {}

  /** Holds out round(testFraction * n_c) rows of every class c, chosen by {@code rng}. */
  public static Split stratified(Dataset data, double testFraction, Rng rng) {
    if (!data.isClassification()) {
      throw new IllegalArgumentException("stratified split: '" + data.name() + "' has no class labels");
    }
    return byKey(data, data.labels(), data.numClasses(), testFraction, rng, "stratified split");
  }

  /** Holds out round(testFraction * n_g) rows of every group g. */
  public static Split byGroup(Dataset data, double testFraction, Rng rng) {
    if (data.groups() == null) {
      throw new IllegalArgumentException("group split: '" + data.name() + "' has no group ids");
    }
    return byKey(data, data.groups(), data.numGroups(), testFraction, rng, "group split");
  }

  /**
   * Holds out round(testFraction * n_k) rows of every client k, so each client has its own train
   * and test rows, as FedProx and LEAF split every user's data 90/10.
   */
  public static Split byClient(Dataset data, double testFraction, Rng rng) {
    if (data.clients() == null) {
      throw new IllegalArgumentException("client split: '" + data.name() + "' has no client ids");
    }
    int k = 0;
    for (int c : data.clients()) {
      k = Math.max(k, c + 1);
    }
    return byKey(data, data.clients(), k, testFraction, rng, "client split");
  }

  private static Split byKey(Dataset data, int[] key, int k, double testFraction, Rng rng, String what) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(what + ": test fraction must be in (0, 1), got " + testFraction);
    }
    int n = data.size();
    int[] perm = rng.permutation(n);
    int[] count = new int[k];
    for (int v : key) {
      count[v]++;
    }
    int[] quota = new int[k];
    for (int c = 0; c < k; c++) {
      quota[c] = (int) Math.round(count[c] * testFraction);
    }
    int[] test = new int[n];
    int[] train = new int[n];
    int nt = 0;
    int nr = 0;
    int[] taken = new int[k];
    for (int i : perm) {
      int c = key[i];
      if (taken[c] < quota[c]) {
        taken[c]++;
        test[nt++] = i;
      } else {
        train[nr++] = i;
      }
    }
    if (nt == 0 || nr == 0) {
      throw new IllegalArgumentException(what + ": test fraction " + testFraction + " of " + n
          + " examples leaves an empty part");
    }
    return new Split(data.subset(Arrays.copyOf(train, nr)), data.subset(Arrays.copyOf(test, nt)));
  }
}
