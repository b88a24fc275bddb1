package org.probity.core.model;

import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * Views a batch of flat or [H, W] examples as NCHW images [B, C, H, W], so that datasets stored
 * as 64-value rows (scikit-learn's digits) or 784-value rows (MNIST from IDX) feed a convolutional
 * net without copying the dataset. Row-major storage makes this a relabelling; it is recorded on
 * the tape (as a reshape) so gradients reach the input when asked.
 */
public final class ImageView implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  private final int channels;
  private final int height;
  private final int width;

  public ImageView(int channels, int height, int width) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("image view: sizes must be positive, got " + channels + "x" + height + "x"
          + width);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    int per = channels * height * width;
    if (s.rank() < 1 || s.size() != (long) s.dim(0) * per) {
      throw new IllegalArgumentException("image view: input of shape " + s + " does not hold [batch, " + channels
          + ", " + height + ", " + width + "] images");
    }
    if (s.rank() == 4 && s.dim(1) == channels && s.dim(2) == height && s.dim(3) == width) {
      return x;
    }
    return x.reshape(s.dim(0), channels, height, width);
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "ImageView(" + channels + "x" + height + "x" + width + ")";
  }
}
