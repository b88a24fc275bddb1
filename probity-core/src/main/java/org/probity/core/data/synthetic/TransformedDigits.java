package org.probity.core.data.synthetic;

import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

/**
 * Clustered image data from one image dataset: every row is assigned to one of K clusters
 * (balanced, at random) and its image is transformed by its cluster's rule — rotated by the
 * cluster's angle with bilinear sampling, or stamped with a bright square patch at the cluster's
 * own position. This is the "rotated MNIST" construction of clustered federated learning (IFCA,
 * Ghosh et al. 2020; used by the clustered and multi-task FL papers) and, with patches, a spurious
 * feature tied to a group. Group ids are set to the cluster (replacing any groups); labels,
 * clients and the feature layout ([n, h*w] with h = w, [n, h, w] or [n, 1, h, w]) are kept.
 */
public final class TransformedDigits {
  private TransformedDigits() {}

  /** K clusters rotated by 0, 360/K, 2·360/K, ... degrees. */
  public static Dataset rotated(Dataset images, int clusters, Rng rng) {
    if (clusters < 1) {
      throw new IllegalArgumentException("rotated images: need at least one cluster, got " + clusters);
    }
    double[] angles = new double[clusters];
    for (int k = 0; k < clusters; k++) {
      angles[k] = 360.0 * k / clusters;
    }
    return rotated(images, angles, rng);
  }

  /** One cluster per angle (degrees, counter-clockwise about the image centre). */
  public static Dataset rotated(Dataset images, double[] anglesDegrees, Rng rng) {
    int[] hw = imageSize(images);
    int h = hw[0];
    int w = hw[1];
    int k = anglesDegrees.length;
    if (k < 1) {
      throw new IllegalArgumentException("rotated images: need at least one angle");
    }
    int[] cluster = assign(images.size(), k, rng);
    float[] src = images.features().data();
    float[] out = new float[src.length];
    int px = h * w;
    for (int i = 0; i < images.size(); i++) {
      rotate(src, i * px, out, i * px, h, w, anglesDegrees[cluster[i]]);
    }
    return images.withFeatures(Tensor.wrap(out, images.features().shape())).withGroups(cluster)
        .named(images.name() + "-rotated");
  }

  /**
   * K clusters; cluster k stamps a {@code patch x patch} square of {@code value} at its own
   * position, spread over the image in reading order (cluster 0 at the top-left corner).
   */
  public static Dataset patched(Dataset images, int clusters, int patch, float value, Rng rng) {
    int[] hw = imageSize(images);
    int h = hw[0];
    int w = hw[1];
    if (clusters < 1 || patch < 1 || patch > Math.min(h, w)) {
      throw new IllegalArgumentException("patched images: need clusters >= 1 and 1 <= patch <= " + Math.min(h, w)
          + ", got clusters=" + clusters + ", patch=" + patch);
    }
    int[][] pos = patchPositions(h, w, patch, clusters);
    int[] cluster = assign(images.size(), clusters, rng);
    float[] out = images.features().data().clone();
    int px = h * w;
    for (int i = 0; i < images.size(); i++) {
      int r0 = pos[cluster[i]][0];
      int c0 = pos[cluster[i]][1];
      for (int r = r0; r < r0 + patch; r++) {
        for (int c = c0; c < c0 + patch; c++) {
          out[i * px + r * w + c] = value;
        }
      }
    }
    return images.withFeatures(Tensor.wrap(out, images.features().shape())).withGroups(cluster)
        .named(images.name() + "-patched");
  }

  /** Top-left corners of the clusters' patches: evenly spaced along the image's positions in reading order. */
  static int[][] patchPositions(int h, int w, int patch, int clusters) {
    int rows = h - patch + 1;
    int cols = w - patch + 1;
    int total = rows * cols;
    if (clusters > total) {
      throw new IllegalArgumentException("patched images: " + clusters + " clusters need distinct positions, but a "
          + patch + "x" + patch + " patch has only " + total + " in a " + h + "x" + w + " image");
    }
    int[][] pos = new int[clusters][];
    for (int k = 0; k < clusters; k++) {
      int p = clusters == 1 ? 0 : (int) Math.round((double) k * (total - 1) / (clusters - 1));
      pos[k] = new int[] {p / cols, p % cols};
    }
    return pos;
  }

  /** Balanced random clusters: a permutation's positions mod K. */
  private static int[] assign(int n, int k, Rng rng) {
    int[] perm = rng.permutation(n);
    int[] cluster = new int[n];
    for (int i = 0; i < n; i++) {
      cluster[perm[i]] = i % k;
    }
    return cluster;
  }

  private static int[] imageSize(Dataset images) {
    int[] dims = images.features().shape().dims();
    if (dims.length == 2) {
      int side = (int) Math.round(Math.sqrt(dims[1]));
      if (side * side != dims[1]) {
        throw new IllegalArgumentException("image transform: flat features of width " + dims[1]
            + " are not a square image; load the data with LoadOptions.asImages()");
      }
      return new int[] {side, side};
    }
    if (dims.length == 3 || (dims.length == 4 && dims[1] == 1)) {
      return new int[] {dims[dims.length - 2], dims[dims.length - 1]};
    }
    throw new IllegalArgumentException("image transform: expected [n, h*w], [n, h, w] or [n, 1, h, w] features, got "
        + images.features().shape());
  }

  /**
   * Rotates one h×w image counter-clockwise by {@code degrees} about its centre: each output pixel
   * samples the input bilinearly at the inversely rotated position; outside the image reads 0.
   */
  public static void rotate(float[] src, int srcOff, float[] dst, int dstOff, int h, int w, double degrees) {
    double a = Math.toRadians(degrees);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    double cy = (h - 1) / 2.0;
    double cx = (w - 1) / 2.0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        // Row index grows downwards, so a counter-clockwise turn on screen uses y = -(r - cy).
        double x = c - cx;
        double y = cy - r;
        double sx = cos * x + sin * y;
        double sy = -sin * x + cos * y;
        double sc = sx + cx;
        double sr = cy - sy;
        dst[dstOff + r * w + c] = (float) bilinear(src, srcOff, h, w, sr, sc);
      }
    }
  }

  private static double bilinear(float[] img, int off, int h, int w, double r, double c) {
    int r0 = (int) Math.floor(r);
    int c0 = (int) Math.floor(c);
    double fr = r - r0;
    double fc = c - c0;
    // Snap values within rounding of a grid point, so 90-degree turns are exact permutations.
    if (Math.abs(fr) < 1e-9 || Math.abs(fr - 1) < 1e-9) {
      r0 = (int) Math.round(r);
      fr = 0;
    }
    if (Math.abs(fc) < 1e-9 || Math.abs(fc - 1) < 1e-9) {
      c0 = (int) Math.round(c);
      fc = 0;
    }
    return (1 - fr) * ((1 - fc) * at(img, off, h, w, r0, c0) + fc * at(img, off, h, w, r0, c0 + 1))
        + fr * ((1 - fc) * at(img, off, h, w, r0 + 1, c0) + fc * at(img, off, h, w, r0 + 1, c0 + 1));
  }

  private static double at(float[] img, int off, int h, int w, int r, int c) {
    return r < 0 || r >= h || c < 0 || c >= w ? 0 : img[off + r * w + c];
  }
}
