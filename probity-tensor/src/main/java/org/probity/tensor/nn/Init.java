package org.probity.tensor.nn;

import java.util.Arrays;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Weight initialisers, as in PyTorch's {@code torch.nn.init}: He/Kaiming (He et al. 2015, "Delving
 * Deep into Rectifiers") keeps the variance of ReLU activations constant from layer to layer;
 * Xavier/Glorot (Glorot and Bengio 2010) balances forward and backward variance for tanh-like
 * layers. Each comes in two forms: filling an existing tensor in place (returns it), or creating a
 * new one of a given shape. Fan-in and fan-out follow PyTorch's convention for a weight of shape
 * [out, in, k1, k2, ...]: fanIn = in·k1·k2·…, fanOut = out·k1·k2·…, so checkpoints initialised here
 * and in PyTorch have the same statistics. All randomness comes from the given {@link Rng}.
 */
public final class Init {
  private Init() {}

  // ---------------------------------------------------------------- fans

  /** PyTorch's fan-in of a weight of shape [out, in, ...receptive field]. */
  public static int fanIn(Shape shape) {
    checkFanShape(shape);
    return shape.rank() == 1 ? shape.dim(0) : shape.dim(1) * receptiveField(shape);
  }

  /** PyTorch's fan-out of a weight of shape [out, in, ...receptive field]. */
  public static int fanOut(Shape shape) {
    checkFanShape(shape);
    return shape.dim(0) * receptiveField(shape);
  }

  private static int receptiveField(Shape shape) {
    int r = 1;
    for (int i = 2; i < shape.rank(); i++) {
      r *= shape.dim(i);
    }
    return r;
  }

  private static void checkFanShape(Shape shape) {
    if (shape.rank() < 1) {
      throw new IllegalArgumentException("init: fan-in and fan-out are undefined for a scalar");
    }
  }

  private static void checkFan(String op, int fan) {
    if (fan <= 0) {
      throw new IllegalArgumentException(op + ": fan must be positive, got " + fan);
    }
  }

  // ---------------------------------------------------------------- Kaiming / He

  /** N(0, 2/fanIn): He initialisation for ReLU layers. */
  public static Tensor kaimingNormal(Tensor target, int fanIn, Rng rng) {
    checkFan("kaimingNormal", fanIn);
    return normal(target, Math.sqrt(2.0 / fanIn), rng);
  }

  /** Kaiming normal with the fan-in read from the target's shape. */
  public static Tensor kaimingNormal(Tensor target, Rng rng) {
    return kaimingNormal(target, fanIn(target.shape()), rng);
  }

  public static Tensor kaimingNormal(Shape shape, int fanIn, Rng rng) {
    return kaimingNormal(Tensor.zeros(shape), fanIn, rng);
  }

  /** Alias of {@link #kaimingNormal(Tensor, int, Rng)}. */
  public static Tensor he(Tensor target, int fanIn, Rng rng) {
    return kaimingNormal(target, fanIn, rng);
  }

  public static Tensor he(Shape shape, int fanIn, Rng rng) {
    return kaimingNormal(shape, fanIn, rng);
  }

  /** U(-b, b) with b = sqrt(6/fanIn): the uniform variant with the same variance 2/fanIn. */
  public static Tensor kaimingUniform(Tensor target, int fanIn, Rng rng) {
    checkFan("kaimingUniform", fanIn);
    return uniform(target, Math.sqrt(6.0 / fanIn), rng);
  }

  public static Tensor kaimingUniform(Tensor target, Rng rng) {
    return kaimingUniform(target, fanIn(target.shape()), rng);
  }

  public static Tensor kaimingUniform(Shape shape, int fanIn, Rng rng) {
    return kaimingUniform(Tensor.zeros(shape), fanIn, rng);
  }

  // ---------------------------------------------------------------- Xavier / Glorot

  /** U(-b, b) with b = sqrt(6/(fanIn+fanOut)). */
  public static Tensor xavierUniform(Tensor target, int fanIn, int fanOut, Rng rng) {
    checkFan("xavierUniform", fanIn);
    checkFan("xavierUniform", fanOut);
    return uniform(target, Math.sqrt(6.0 / (fanIn + (double) fanOut)), rng);
  }

  public static Tensor xavierUniform(Tensor target, Rng rng) {
    return xavierUniform(target, fanIn(target.shape()), fanOut(target.shape()), rng);
  }

  public static Tensor xavierUniform(Shape shape, int fanIn, int fanOut, Rng rng) {
    return xavierUniform(Tensor.zeros(shape), fanIn, fanOut, rng);
  }

  /** N(0, 2/(fanIn+fanOut)). */
  public static Tensor xavierNormal(Tensor target, int fanIn, int fanOut, Rng rng) {
    checkFan("xavierNormal", fanIn);
    checkFan("xavierNormal", fanOut);
    return normal(target, Math.sqrt(2.0 / (fanIn + (double) fanOut)), rng);
  }

  public static Tensor xavierNormal(Tensor target, Rng rng) {
    return xavierNormal(target, fanIn(target.shape()), fanOut(target.shape()), rng);
  }

  public static Tensor xavierNormal(Shape shape, int fanIn, int fanOut, Rng rng) {
    return xavierNormal(Tensor.zeros(shape), fanIn, fanOut, rng);
  }

  // ---------------------------------------------------------------- plain distributions

  /** N(0, std²) in place. */
  public static Tensor normal(Tensor target, double std, Rng rng) {
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("normal: std must be finite and >= 0, got " + std);
    }
    float[] d = target.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (std * rng.nextGaussian());
    }
    return target;
  }

  public static Tensor normal(Shape shape, double std, Rng rng) {
    return normal(Tensor.zeros(shape), std, rng);
  }

  /** U(-bound, bound) in place (PyTorch's default for Linear and Conv weights and biases). */
  public static Tensor uniform(Tensor target, double bound, Rng rng) {
    if (!(bound >= 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("uniform: bound must be finite and >= 0, got " + bound);
    }
    float[] d = target.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (bound * (2 * rng.nextDouble() - 1));
    }
    return target;
  }

  public static Tensor uniform(Shape shape, double bound, Rng rng) {
    return uniform(Tensor.zeros(shape), bound, rng);
  }

  public static Tensor zeros(Tensor target) {
    Arrays.fill(target.data(), 0f);
    return target;
  }

  public static Tensor zeros(Shape shape) {
    return Tensor.zeros(shape);
  }

  public static Tensor ones(Tensor target) {
    Arrays.fill(target.data(), 1f);
    return target;
  }

  public static Tensor ones(Shape shape) {
    return Tensor.full(1f, shape);
  }
}
