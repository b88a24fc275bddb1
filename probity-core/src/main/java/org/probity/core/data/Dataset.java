package org.probity.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * An in-memory dataset: a feature tensor whose first axis indexes examples, and per-example
 * labels (classification) or targets (regression), with optional group ids (for worst-group
 * metrics and group objectives) and client ids (for federated partitions). Immutable: subsets,
 * splits and corruptions return new datasets, so the clean version stays available for "genie"
 * baselines and the fingerprint recorded in provenance always names exactly the data a run used.
 */
public final class Dataset {
  private final String name;
  private final Tensor features;
  private final int[] labels;
  private final int numClasses;
  private final Tensor targets;
  private final int[] groups;
  private final int[] clients;

  private Dataset(String name, Tensor features, int[] labels, int numClasses, Tensor targets, int[] groups,
      int[] clients) {
    if (features.rank() < 1) {
      throw new IllegalArgumentException("dataset '" + name + "': features need a leading example axis, got shape "
          + features.shape());
    }
    int n = features.dim(0);
    check(name, "labels", labels, n);
    check(name, "groups", groups, n);
    check(name, "clients", clients, n);
    if (targets != null && (targets.rank() < 1 || targets.dim(0) != n)) {
      throw new IllegalArgumentException("dataset '" + name + "': targets of shape " + targets.shape()
          + " do not match " + n + " examples");
    }
    if (labels != null) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= numClasses) {
          throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " at row " + i
              + " is outside 0.." + (numClasses - 1));
        }
      }
    }
    this.name = name;
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
    this.targets = targets;
    this.groups = groups;
    this.clients = clients;
  }

  private static void check(String name, String what, int[] a, int n) {
    if (a != null && a.length != n) {
      throw new IllegalArgumentException("dataset '" + name + "': " + a.length + " " + what + " for " + n + " examples");
    }
  }

  public static Dataset classification(String name, Tensor features, int[] labels, int numClasses) {
    if (labels == null) {
      throw new IllegalArgumentException("dataset '" + name + "': classification needs labels");
    }
    return new Dataset(name, features, labels, numClasses, null, null, null);
  }

  public static Dataset regression(String name, Tensor features, Tensor targets) {
    if (targets == null) {
      throw new IllegalArgumentException("dataset '" + name + "': regression needs targets");
    }
    return new Dataset(name, features, null, 0, targets, null, null);
  }

  public Dataset withGroups(int[] groupIds) {
    return new Dataset(name, features, labels, numClasses, targets, groupIds, clients);
  }

  public Dataset withClients(int[] clientIds) {
    return new Dataset(name, features, labels, numClasses, targets, groups, clientIds);
  }

  public Dataset withLabels(int[] newLabels) {
    return new Dataset(name, features, newLabels, numClasses, targets, groups, clients);
  }

  public Dataset withTargets(Tensor newTargets) {
    return new Dataset(name, features, labels, numClasses, newTargets, groups, clients);
  }

  public Dataset withFeatures(Tensor newFeatures) {
    return new Dataset(name, newFeatures, labels, numClasses, targets, groups, clients);
  }

  /**
   * The rows of this dataset followed by those of {@code other}: same example shape, same task
   * and class count. Group and client ids are kept when both sides have them; when only one side
   * does, appending would leave rows without an owner, so it is refused.
   */
  public Dataset append(Dataset other) {
    if (!exampleShape().equals(other.exampleShape())) {
      throw new IllegalArgumentException("append: examples of '" + name + "' have shape " + exampleShape()
          + " but those of '" + other.name + "' have " + other.exampleShape());
    }
    if (isClassification() != other.isClassification() || numClasses != other.numClasses) {
      throw new IllegalArgumentException("append: '" + name + "' (" + describeTask() + ") and '" + other.name
          + "' (" + other.describeTask() + ") are different tasks");
    }
    if ((groups == null) != (other.groups == null) || (clients == null) != (other.clients == null)) {
      throw new IllegalArgumentException("append: '" + name + "' and '" + other.name + "' differ in whether rows"
          + " carry group or client ids (groups " + (groups != null) + "/" + (other.groups != null) + ", clients "
          + (clients != null) + "/" + (other.clients != null) + ")");
    }
    Tensor x = Tensor.concat(0, features.detach(), other.features.detach());
    Tensor t = targets == null ? null : Tensor.concat(0, targets.detach(), other.targets.detach());
    return new Dataset(name + "+" + other.name, x, join(labels, other.labels), numClasses, t,
        join(groups, other.groups), join(clients, other.clients), true);
  }

  private String describeTask() {
    return isClassification() ? numClasses + " classes" : "regression";
  }

  private static int[] join(int[] a, int[] b) {
    if (a == null) {
      return null;
    }
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public Dataset named(String newName) {
    return new Dataset(newName, features, labels, numClasses, targets, groups, clients);
  }

  public String name() {
    return name;
  }

  public int size() {
    return features.dim(0);
  }

  public Tensor features() {
    return features;
  }

  /** Shape of one example's features. */
  public Shape exampleShape() {
    return features.shape().without(0);
  }

  public boolean isClassification() {
    return labels != null;
  }

  /** Labels, or null for regression data. */
  public int[] labels() {
    return labels;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Regression targets, or null. */
  public Tensor targets() {
    return targets;
  }

  /** Group ids, or null. */
  public int[] groups() {
    return groups;
  }

  /** Number of distinct groups (max id + 1), or 0 without groups. */
  public int numGroups() {
    if (groups == null) {
      return 0;
    }
    int max = -1;
    for (int g : groups) {
      max = Math.max(max, g);
    }
    return max + 1;
  }

  /** Client ids, or null. */
  public int[] clients() {
    return clients;
  }

  /** The rows at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    return new Dataset(name, features.detach().indexSelect(0, indices), pick(labels, indices), numClasses,
        targets == null ? null : targets.detach().indexSelect(0, indices), pick(groups, indices),
        pick(clients, indices), true);
  }

  private Dataset(String name, Tensor features, int[] labels, int numClasses, Tensor targets, int[] groups,
      int[] clients, boolean trusted) {
    this.name = name;
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
    this.targets = targets;
    this.groups = groups;
    this.clients = clients;
  }

  private static int[] pick(int[] a, int[] idx) {
    if (a == null) {
      return null;
    }
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = a[idx[i]];
    }
    return out;
  }

  /** A seeded random split with {@code testFraction} of the rows (rounded) held out. */
  public Split split(double testFraction, Rng rng) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("split: test fraction must be in (0, 1), got " + testFraction);
    }
    int n = size();
    int nTest = (int) Math.round(n * testFraction);
    if (nTest == 0 || nTest == n) {
      throw new IllegalArgumentException("split: test fraction " + testFraction + " of " + n
          + " examples leaves an empty part");
    }
    int[] perm = rng.permutation(n);
    int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
    int[] train = java.util.Arrays.copyOfRange(perm, nTest, n);
    return new Split(subset(train), subset(test));
  }

  /** The batch made of the rows at {@code indices}. */
  public Batch batch(int[] indices) {
    Dataset s = subset(indices);
    return new Batch(s.features, s.labels, s.targets, s.groups, s.clients, indices.clone());
  }

  /** The whole dataset as one batch. */
  public Batch all() {
    int[] idx = new int[size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return new Batch(features, labels, targets, groups, clients, idx);
  }

  /** SHA-256 over shapes and contents: names exactly the data a run used, for provenance. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      digestInts(md, buf, features.shape().dims());
      digestFloats(md, buf, features.data());
      digestInts(md, buf, labels);
      digestFloats(md, buf, targets == null ? null : targets.data());
      digestInts(md, buf, groups);
      digestInts(md, buf, clients);
      buf.flip();
      md.update(buf);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void digestFloats(MessageDigest md, ByteBuffer buf, float[] a) {
    room(md, buf);
    buf.putInt(a == null ? -1 : a.length);
    if (a != null) {
      for (float v : a) {
        room(md, buf);
        buf.putFloat(v);
      }
    }
  }

  private static void digestInts(MessageDigest md, ByteBuffer buf, int[] a) {
    room(md, buf);
    buf.putInt(a == null ? -1 : a.length);
    if (a != null) {
      for (int v : a) {
        room(md, buf);
        buf.putInt(v);
      }
    }
  }

  /** Flushes the buffer into the digest when it cannot take another 4 bytes. */
  private static void room(MessageDigest md, ByteBuffer buf) {
    if (buf.remaining() < 4) {
      buf.flip();
      md.update(buf);
      buf.clear();
    }
  }

  @Override
  public String toString() {
    return "Dataset(" + name + ", " + size() + " x " + exampleShape()
        + (isClassification() ? ", " + numClasses + " classes" : ", regression")
        + (groups != null ? ", " + numGroups() + " groups" : "") + ")";
  }
}
