package org.probity.tensor.nn;

import java.util.Map;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each entry is zeroed with probability p
 * and the survivors are scaled by 1/(1-p), so the expected activation is unchanged and evaluation
 * is the identity. The mask comes from the layer's own {@link Rng}, so a seeded run repeats. One
 * fused op: the backward multiplies by the same mask. Starts in training mode, as in PyTorch.
 */
public final class Dropout implements Module {
  private static final Params NO_PARAMS = Params.of(Map.of());

  private final double p;
  private final Rng rng;
  private boolean training = true;

  public Dropout(double p, Rng rng) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
    }
    if (rng == null) {
      throw new IllegalArgumentException("dropout: rng must not be null");
    }
    this.p = p;
    this.rng = rng;
  }

  public double p() {
    return p;
  }

  public boolean training() {
    return training;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!training || p == 0) {
      return x;
    }
    float[] xd = x.data();
    float[] mask = new float[xd.length];
    float[] y = new float[xd.length];
    float scale = (float) (1.0 / (1.0 - p));
    float keep = (float) p;
    for (int i = 0; i < xd.length; i++) {
      if (rng.nextFloat() >= keep) {
        mask[i] = scale;
        y[i] = xd[i] * scale;
      }
    }
    Tensor out = Tensor.wrap(y, x.shape());
    return Tape.record("dropout", out, g -> {
      float[] gd = g.data();
      float[] dx = new float[gd.length];
      for (int i = 0; i < gd.length; i++) {
        dx[i] = gd[i] * mask[i];
      }
      return new Tensor[] {Tensor.wrap(dx, g.shape())};
    }, x);
  }

  @Override
  public Params params() {
    return NO_PARAMS;
  }

  @Override
  public String toString() {
    return "Dropout(p=" + p + ")";
  }
}
