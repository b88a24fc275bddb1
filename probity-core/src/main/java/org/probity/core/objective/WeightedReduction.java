package org.probity.core.objective;

import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * The fused op behind the tilted objectives: a scalar value computed in double, recorded on the
 * tape with the backward rule {@code ∂value/∂l_i = w_i}. For every objective here the gradient with
 * respect to each loss is a weight (1/B for the mean, the tilted softmax for TERM), so one op with
 * precomputed weights serves them all, costs one pass, and never differentiates through exp/log.
 * Public because the distributionally robust objectives of {@code org.probity.core.dro} are the
 * same op: the adversary's distribution over the batch, held fixed in the learner's backward pass.
 */
public final class WeightedReduction {
  private WeightedReduction() {}

  /** A scalar {@code value} named {@code op} whose gradient with respect to loss i is {@code weights[i]}. */
  public static Tensor record(String op, Tensor perExampleLoss, double value, double[] weights) {
    Tensor out = Tensor.wrap(new float[] {(float) value}, Shape.scalar());
    if (!Tape.recording(perExampleLoss)) {
      return out;
    }
    Shape shape = perExampleLoss.shape();
    return Tape.record(op, out, g -> {
      float gv = g.item();
      float[] d = new float[weights.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (gv * weights[i]);
      }
      return new Tensor[] {Tensor.wrap(d, shape)};
    }, perExampleLoss);
  }

  static float[] toFloats(double[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) a[i];
    }
    return out;
  }
}
