package org.probity.core.data;

/**
 * How {@link Datasets#load(String, LoadOptions)} shapes what it returns: which part of a dataset
 * with an official train/test split, whether image data come as flat rows ({@code [n, h*w]}, for
 * linear models and MLPs) or as NCHW images ({@code [n, 1, h, w]}, for convolutions), and whether
 * pixels keep their stored scale (0..16 for digits, 0..255 for MNIST-style files) instead of [0, 1].
 */
public record LoadOptions(Part part, boolean images, boolean rawPixels) {
  /** Which rows of a dataset to load. */
  public enum Part {
    /** Every row (train then test, for a dataset with an official split). */
    ALL,
    /** The official training part. */
    TRAIN,
    /** The official test part. */
    TEST
  }

  /** All rows, flat features, pixels in [0, 1]. */
  public static final LoadOptions DEFAULT = new LoadOptions(Part.ALL, false, false);

  public LoadOptions {
    if (part == null) {
      throw new IllegalArgumentException("load options: part must not be null");
    }
  }

  public LoadOptions withPart(Part p) {
    return new LoadOptions(p, images, rawPixels);
  }

  /** Image data as {@code [n, 1, h, w]}. */
  public LoadOptions asImages() {
    return new LoadOptions(part, true, rawPixels);
  }

  /** Pixels as stored (digits 0..16, MNIST-style 0..255). */
  public LoadOptions raw() {
    return new LoadOptions(part, images, true);
  }
}
