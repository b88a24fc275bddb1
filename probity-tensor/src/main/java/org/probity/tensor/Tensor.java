package org.probity.tensor;

import java.util.Arrays;
import org.probity.tensor.ops.Activations;
import org.probity.tensor.ops.Binary;
import org.probity.tensor.ops.Indexing;
import org.probity.tensor.ops.MatMul;
import org.probity.tensor.ops.Reductions;
import org.probity.tensor.ops.ShapeOps;
import org.probity.tensor.ops.Softmax;
import org.probity.tensor.ops.Unary;

/**
 * A dense float32 tensor of any rank, stored row-major in one contiguous {@code float[]}. Every
 * operation returns a new tensor (shape ops copy, so every tensor is contiguous and kernels need no
 * stride logic) and, while a {@link Tape} is active on the thread, records itself for reverse-mode
 * differentiation. Leaves that should receive gradients are marked with {@link #requiresGrad(boolean)};
 * their gradients accumulate in {@link #grad()}.
 *
 * <p>The data array is exposed without copying so that optimisers and kernels can work in place;
 * callers must not change the data of a tensor that is still needed by a recorded operation.
 * Integer data (labels, indices) travel as {@code int[]} beside tensors.
 */
public final class Tensor {
  private final Shape shape;
  private final float[] data;
  private boolean requiresGrad;
  private Tensor grad;
  // Set by Tape.record for the lifetime of the tape that produced this tensor.
  Tape.Node node;
  Tape tape;

  private Tensor(float[] data, Shape shape) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException("data of length " + data.length + " does not fit shape " + shape
          + " (size " + shape.size() + ")");
    }
    this.data = data;
    this.shape = shape;
  }

  // ---------------------------------------------------------------- creation

  /** Takes ownership of {@code data} without copying. For kernels and ops. */
  public static Tensor wrap(float[] data, Shape shape) {
    return new Tensor(data, shape);
  }

  /** A tensor holding a copy of {@code data} with the given shape. */
  public static Tensor of(float[] data, int... shape) {
    return new Tensor(data.clone(), Shape.of(shape));
  }

  /** A rank-1 tensor of the given values. */
  public static Tensor vector(float... values) {
    return new Tensor(values.clone(), Shape.of(values.length));
  }

  /** A rank-0 tensor. */
  public static Tensor scalar(float value) {
    return new Tensor(new float[] {value}, Shape.scalar());
  }

  public static Tensor zeros(int... shape) {
    Shape s = Shape.of(shape);
    return new Tensor(new float[s.size()], s);
  }

  public static Tensor zeros(Shape shape) {
    return new Tensor(new float[shape.size()], shape);
  }

  public static Tensor ones(int... shape) {
    return full(1f, Shape.of(shape));
  }

  public static Tensor full(float value, Shape shape) {
    float[] d = new float[shape.size()];
    Arrays.fill(d, value);
    return new Tensor(d, shape);
  }

  /** Standard normal entries drawn from {@code rng}. */
  public static Tensor randn(Rng rng, int... shape) {
    Shape s = Shape.of(shape);
    float[] d = new float[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return new Tensor(d, s);
  }

  /** Uniform entries in [lo, hi) drawn from {@code rng}. */
  public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
    if (!(hi >= lo)) {
      throw new IllegalArgumentException("uniform: need lo <= hi, got lo=" + lo + " hi=" + hi);
    }
    Shape s = Shape.of(shape);
    float[] d = new float[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = lo + (hi - lo) * rng.nextFloat();
    }
    return new Tensor(d, s);
  }

  /** Uniform entries in [0, 1). */
  public static Tensor rand(Rng rng, int... shape) {
    return uniform(rng, 0f, 1f, shape);
  }

  /** Entries 1 with probability {@code p}, else 0. */
  public static Tensor bernoulli(Rng rng, double p, int... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
    }
    Shape s = Shape.of(shape);
    float[] d = new float[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextDouble() < p ? 1f : 0f;
    }
    return new Tensor(d, s);
  }

  /** A random permutation of 0..n-1 as a rank-1 tensor (see also {@link Rng#permutation}). */
  public static Tensor permutation(Rng rng, int n) {
    int[] p = rng.permutation(n);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = p[i];
    }
    return new Tensor(d, Shape.of(n));
  }

  /** One-hot rows: shape [labels.length, numClasses]. */
  public static Tensor oneHot(int[] labels, int numClasses) {
    return Indexing.oneHot(labels, numClasses);
  }

  /** Concatenation along an existing axis. */
  public static Tensor concat(int axis, Tensor... parts) {
    return ShapeOps.concat(axis, parts);
  }

  /** Stacking along a new axis. */
  public static Tensor stack(int axis, Tensor... parts) {
    return ShapeOps.stack(axis, parts);
  }

  // ---------------------------------------------------------------- inspection

  public Shape shape() {
    return shape;
  }

  /** The backing array (not a copy): row-major. */
  public float[] data() {
    return data;
  }

  public int size() {
    return data.length;
  }

  public int rank() {
    return shape.rank();
  }

  /** Dimension {@code axis} (negative counts from the end). */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /** The single value of a one-element tensor. */
  public float item() {
    if (data.length != 1) {
      throw new IllegalStateException("item: tensor of shape " + shape + " has " + data.length + " elements, not 1");
    }
    return data[0];
  }

  /** The element at a full index. */
  public float get(int... index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException("get: index of rank " + index.length + " for shape " + shape);
    }
    int off = 0;
    int[] st = shape.strides();
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape.dim(i)) {
        throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " out of range for shape " + shape);
      }
      off += index[i] * st[i];
    }
    return data[off];
  }

  /** A copy of the data. */
  public float[] toArray() {
    return data.clone();
  }

  // ---------------------------------------------------------------- autograd

  /** Marks this leaf as a parameter whose gradient is accumulated; returns this. */
  public Tensor requiresGrad(boolean value) {
    if (value && node != null) {
      throw new IllegalStateException("requiresGrad: only leaf tensors can be marked; detach() first");
    }
    this.requiresGrad = value;
    return this;
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** The accumulated gradient, or null when none has reached this tensor. */
  public Tensor grad() {
    return grad;
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    grad = null;
  }

  /** Back-propagates from this scalar on the current thread's tape (see {@link Tape#backward}). */
  public void backward() {
    Tape t = Tape.current();
    if (t == null) {
      throw new IllegalStateException("backward: no tape is active on this thread; wrap the forward pass in Tape.start()");
    }
    t.backward(this);
  }

  /** The same values, cut from the tape: gradients do not flow through the result. */
  public Tensor detach() {
    return new Tensor(data, shape);
  }

  /** A fresh copy of the values (recorded: gradients flow through it). */
  public Tensor copy() {
    Tensor out = new Tensor(data.clone(), shape);
    return Tape.record("copy", out, g -> new Tensor[] {g}, this);
  }

  void accumulateGrad(Tensor g) {
    if (grad == null) {
      grad = new Tensor(g.data.clone(), shape);
    } else {
      float[] a = grad.data;
      float[] b = g.data;
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
  }

  /** Elementwise sum of two same-shaped tensors into a new, unrecorded tensor. */
  static Tensor sumOf(Tensor a, Tensor b) {
    if (!a.shape.equals(b.shape)) {
      throw new IllegalArgumentException("sum: shapes " + a.shape + " and " + b.shape + " differ");
    }
    float[] out = new float[a.data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.data[i] + b.data[i];
    }
    return new Tensor(out, a.shape);
  }

  // ---------------------------------------------------------------- elementwise (broadcasting)

  public Tensor add(Tensor o) {
    return Binary.add(this, o);
  }

  public Tensor sub(Tensor o) {
    return Binary.sub(this, o);
  }

  public Tensor mul(Tensor o) {
    return Binary.mul(this, o);
  }

  public Tensor div(Tensor o) {
    return Binary.div(this, o);
  }

  /** Elementwise maximum; the gradient goes to the larger input (to the first on ties). */
  public Tensor maximum(Tensor o) {
    return Binary.maximum(this, o);
  }

  /** Elementwise minimum; the gradient goes to the smaller input (to the first on ties). */
  public Tensor minimum(Tensor o) {
    return Binary.minimum(this, o);
  }

  public Tensor add(float s) {
    return Unary.add(this, s);
  }

  public Tensor sub(float s) {
    return Unary.add(this, -s);
  }

  public Tensor mul(float s) {
    return Unary.mul(this, s);
  }

  public Tensor div(float s) {
    return Unary.mul(this, 1f / s);
  }

  public Tensor neg() {
    return Unary.mul(this, -1f);
  }

  public Tensor exp() {
    return Unary.exp(this);
  }

  public Tensor log() {
    return Unary.log(this);
  }

  public Tensor sqrt() {
    return Unary.sqrt(this);
  }

  public Tensor square() {
    return Unary.square(this);
  }

  public Tensor pow(float exponent) {
    return Unary.pow(this, exponent);
  }

  public Tensor abs() {
    return Unary.abs(this);
  }

  /** Values limited to [min, max]; the gradient is zero where clamped. */
  public Tensor clamp(float min, float max) {
    return Unary.clamp(this, min, max);
  }

  public Tensor tanh() {
    return Activations.tanh(this);
  }

  public Tensor sigmoid() {
    return Activations.sigmoid(this);
  }

  public Tensor relu() {
    return Activations.relu(this);
  }

  /** GELU, exact (erf) form. */
  public Tensor gelu() {
    return Activations.gelu(this);
  }

  public Tensor softmax(int axis) {
    return Softmax.softmax(this, axis);
  }

  public Tensor logSoftmax(int axis) {
    return Softmax.logSoftmax(this, axis);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements (rank 0). */
  public Tensor sum() {
    return Reductions.sum(this);
  }

  public Tensor sum(int axis, boolean keepDim) {
    return Reductions.sum(this, axis, keepDim);
  }

  /** Mean of all elements (rank 0). */
  public Tensor mean() {
    return Reductions.mean(this);
  }

  public Tensor mean(int axis, boolean keepDim) {
    return Reductions.mean(this, axis, keepDim);
  }

  /** Maximum along an axis; the gradient goes to the first maximal element. */
  public Tensor max(int axis, boolean keepDim) {
    return Reductions.max(this, axis, keepDim);
  }

  /** Indices of the first maxima along {@code axis}, row-major over the remaining dimensions. */
  public int[] argmax(int axis) {
    return Reductions.argmax(this, axis);
  }

  /** log(sum(exp(x))) along an axis, computed stably. */
  public Tensor logsumexp(int axis, boolean keepDim) {
    return Reductions.logsumexp(this, axis, keepDim);
  }

  /** Population variance (divides by n) along an axis. */
  public Tensor variance(int axis, boolean keepDim) {
    return Reductions.variance(this, axis, keepDim, 0);
  }

  /** Variance dividing by n - correction (correction 1 is the unbiased estimate). */
  public Tensor variance(int axis, boolean keepDim, int correction) {
    return Reductions.variance(this, axis, keepDim, correction);
  }

  // ---------------------------------------------------------------- shape

  /** The same data under a new shape; one dimension may be -1 (inferred). */
  public Tensor reshape(int... dims) {
    return ShapeOps.reshape(this, dims);
  }

  /** Swaps two axes. */
  public Tensor transpose(int axis0, int axis1) {
    return ShapeOps.transpose(this, axis0, axis1);
  }

  /** Swaps the last two axes. */
  public Tensor t() {
    return ShapeOps.transpose(this, -2, -1);
  }

  /** Reorders the axes: result axis i is input axis {@code order[i]}. */
  public Tensor permute(int... order) {
    return ShapeOps.permute(this, order);
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
  public Tensor slice(int axis, int start, int end) {
    return ShapeOps.slice(this, axis, start, end);
  }

  public Tensor squeeze(int axis) {
    return ShapeOps.squeeze(this, axis);
  }

  public Tensor unsqueeze(int axis) {
    return ShapeOps.unsqueeze(this, axis);
  }

  /** Collapses axes {@code startAxis}..end into one. */
  public Tensor flatten(int startAxis) {
    return ShapeOps.flatten(this, startAxis);
  }

  /** Broadcasts to a larger shape (materialised). */
  public Tensor broadcastTo(Shape target) {
    return ShapeOps.broadcastTo(this, target);
  }

  // ---------------------------------------------------------------- indexing

  /**
   * torch.gather: {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code axis};
   * {@code index} has shape {@code indexShape}, of the same rank as this tensor.
   */
  public Tensor gather(int axis, int[] index, Shape indexShape) {
    return Indexing.gather(this, axis, index, indexShape);
  }

  /**
   * torch.scatter_add on a copy: adds {@code src} (shape {@code indexShape}) into this tensor at
   * {@code index} along {@code axis}.
   */
  public Tensor scatterAdd(int axis, int[] index, Shape indexShape, Tensor src) {
    return Indexing.scatterAdd(this, axis, index, indexShape, src);
  }

  /** The slices at {@code indices} along {@code axis}, in that order (repeats allowed). */
  public Tensor indexSelect(int axis, int[] indices) {
    return Indexing.indexSelect(this, axis, indices);
  }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product; leading (batch) dimensions broadcast. */
  public Tensor matmul(Tensor o) {
    return MatMul.matmul(this, o, false, false);
  }

  /** Matrix product of op(this)·op(o), where op transposes the last two axes when asked. */
  public Tensor matmul(Tensor o, boolean transposeThis, boolean transposeOther) {
    return MatMul.matmul(this, o, transposeThis, transposeOther);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ');
    int n = Math.min(data.length, 8);
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(data[i]);
    }
    if (data.length > n) {
      sb.append(", ...");
    }
    return sb.append(']').toString();
  }
}
