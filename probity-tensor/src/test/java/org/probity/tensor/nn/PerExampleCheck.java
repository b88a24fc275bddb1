package org.probity.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.probity.tensor.PerExample;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;

/**
 * Test harness for per-example gradients: checks a module's {@link PerExample} output against two
 * independent computations, the ordinary batch gradient (which must equal the per-example sum for
 * a SUM loss) and one backward pass per example on a batch of one. The loss is built from the
 * module output by a function that knows which examples it is given, so the same per-example loss
 * is used in the batch and alone. Recorded sums are written out by hand so that the check relies
 * on no op outside the code under test.
 */
final class PerExampleCheck {
  /** Largest relative error accepted for gradients and norms. */
  static final double TOL = 1e-5;

  private PerExampleCheck() {}

  /**
   * A loss Σ_i Σ_k w_ik·out_ik with fixed random weights per example (the rows of {@code w} picked
   * by the example indices), so every output element matters and examples differ.
   */
  static BiFunction<Tensor, int[], Tensor> weightedSumLoss(Shape outShape, long seed) {
    Tensor w = Tensor.uniform(new Rng(seed), -1f, 1f, outShape.dims());
    int per = outShape.size() / outShape.dim(0);
    return (out, idx) -> {
      float[] wd = new float[idx.length * per];
      for (int r = 0; r < idx.length; r++) {
        System.arraycopy(w.data(), idx[r] * per, wd, r * per, per);
      }
      return weightedSum(out, wd);
    };
  }

  /** Σ w ⊙ y with its own backward. */
  static Tensor weightedSum(Tensor y, float[] w) {
    double s = 0;
    float[] d = y.data();
    for (int i = 0; i < d.length; i++) {
      s += (double) d[i] * w[i];
    }
    return Tape.record("weightedSum", Tensor.scalar((float) s), g -> {
      float[] gy = new float[w.length];
      for (int i = 0; i < gy.length; i++) {
        gy[i] = g.item() * w[i];
      }
      return new Tensor[] {Tensor.wrap(gy, y.shape())};
    }, y);
  }

  /** Σ of a vector with its own backward (turns a per-example loss [B] into the SUM loss). */
  static Tensor sum(Tensor v) {
    double s = 0;
    for (float f : v.data()) {
      s += f;
    }
    return Tape.record("sum", Tensor.scalar((float) s), g -> new Tensor[] {Tensor.full(g.item(), v.shape())}, v);
  }

  static Tensor rows(Tensor x, int... idx) {
    int b = x.dim(0);
    int per = x.size() / b;
    float[] d = new float[idx.length * per];
    for (int r = 0; r < idx.length; r++) {
      System.arraycopy(x.data(), idx[r] * per, d, r * per, per);
    }
    return Tensor.wrap(d, x.shape().with(0, idx.length));
  }

  static double relErr(float[] actual, float[] expected, int expOff, int len) {
    double diff = 0;
    double ref = 0;
    for (int k = 0; k < len; k++) {
      double e = expected[expOff + k];
      double dd = actual[k] - e;
      diff += dd * dd;
      ref += e * e;
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(ref), 1e-6);
  }

  /** The full check; returns the per-example squared norms found (for further assertions). */
  static float[] verify(String name, Module model, Tensor x, BiFunction<Tensor, int[], Tensor> loss) {
    List<Tensor> params = model.params().tensors();
    int b = x.dim(0);
    int[] all = new int[b];
    for (int i = 0; i < b; i++) {
      all[i] = i;
    }

    // 1. Batch pass with per-example gradients.
    model.params().zeroGrad();
    PerExample pe = PerExample.forGradients();
    try (Tape tape = Tape.start(pe)) {
      tape.backward(loss.apply(model.forward(x), all));
    }
    List<float[]> batchGrads = new ArrayList<>();
    for (Tensor p : params) {
      assertNotNull(p.grad(), name + ": no batch gradient for a parameter of shape " + p.shape());
      batchGrads.add(p.grad().toArray());
      Tensor per = pe.gradient(p);
      assertNotNull(per, name + ": no per-example gradient for a parameter of shape " + p.shape());
      assertEquals(b, per.dim(0), name + ": per-example gradient batch dimension");
      float[] summed = new float[p.size()];
      for (int i = 0; i < b; i++) {
        for (int k = 0; k < summed.length; k++) {
          summed[k] += per.data()[i * p.size() + k];
        }
      }
      double err = relErr(summed, p.grad().data(), 0, p.size());
      assertTrue(err <= TOL, name + ": per-example gradients of " + p.shape() + " sum to the batch gradient only"
          + " within " + err);
    }
    float[] normsFromGrads = pe.squaredNorms().toArray();

    // 2. One example at a time.
    float[] normsAlone = new float[b];
    for (int i = 0; i < b; i++) {
      model.params().zeroGrad();
      try (Tape tape = Tape.start()) {
        tape.backward(loss.apply(model.forward(rows(x, i)), new int[] {i}));
      }
      double sq = 0;
      for (Tensor p : params) {
        float[] g = p.grad() == null ? new float[p.size()] : p.grad().data();
        double err = relErr(g, pe.gradient(p).data(), i * p.size(), p.size());
        double scale = Math.sqrt(LinearGradSampler.sumSquares(g, 0, g.length));
        assertTrue(err <= TOL || scale < 1e-6, name + ": example " + i + "'s gradient of " + p.shape()
            + " differs from its gradient alone by " + err);
        sq += LinearGradSampler.sumSquares(g, 0, g.length);
      }
      normsAlone[i] = (float) sq;
    }

    // 3. Batch pass with norms only.
    model.params().zeroGrad();
    PerExample pn = PerExample.forNorms();
    try (Tape tape = Tape.start(pn)) {
      tape.backward(loss.apply(model.forward(x), all));
    }
    float[] norms = pn.squaredNorms().toArray();
    for (int j = 0; j < params.size(); j++) {
      double err = relErr(params.get(j).grad().data(), batchGrads.get(j), 0, params.get(j).size());
      assertTrue(err <= TOL, name + ": the norms pass changed the batch gradient by " + err);
    }
    double e1 = relErr(norms, normsFromGrads, 0, b);
    double e2 = relErr(norms, normsAlone, 0, b);
    assertTrue(e1 <= TOL, name + ": squared norms differ from those of the per-example gradients by " + e1);
    assertTrue(e2 <= TOL, name + ": squared norms differ from one-at-a-time ones by " + e2);
    model.params().zeroGrad();
    return norms;
  }
}
