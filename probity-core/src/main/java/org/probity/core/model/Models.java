package org.probity.core.model;

import java.util.ArrayList;
import java.util.List;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.nn.Conv2d;
import org.probity.tensor.nn.Dropout;
import org.probity.tensor.nn.Flatten;
import org.probity.tensor.nn.GELU;
import org.probity.tensor.nn.Linear;
import org.probity.tensor.nn.MaxPool2d;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.ReLU;
import org.probity.tensor.nn.Sequential;
import org.probity.tensor.nn.Tanh;

/**
 * The model zoo: builds the {@link Module} a {@link ModelSpec} describes for examples of a given
 * shape. Every model is a {@link Sequential} of tensor-engine layers, so parameters carry
 * PyTorch-style names ("0.weight") and every layer with a grad sampler supports per-example
 * gradients for DP training. Weights are initialised from {@code rng.derive("init")} and each
 * dropout layer draws from its own child of {@code rng.derive("dropout")}, so a model is a
 * function of the spec, the shape and the seed alone. Examples of rank above one are flattened
 * before a dense first layer.
 */
public final class Models {
  private Models() {}

  /**
   * Builds the model for examples of shape {@code exampleShape} with {@code outputs} output units:
   * the number of classes for a classifier (1 or 2 for {@code logistic}, which always has one
   * logit), or the number of regression targets per example.
   */
  public static Module build(ModelSpec spec, Shape exampleShape, int outputs, Rng rng) {
    if (outputs < 1) {
      throw new ModelSpecException("", spec.type() + ": the number of outputs must be positive, got " + outputs);
    }
    if (exampleShape.rank() < 1 || exampleShape.size() < 1) {
      throw new ModelSpecException("", spec.type() + ": examples of shape " + exampleShape + " have no features");
    }
    Rng init = rng.derive("init");
    Rng dropout = rng.derive("dropout");
    int in = exampleShape.size();
    List<Module> layers = new ArrayList<>();
    switch (spec.type()) {
      case "logistic":
        if (outputs > 2) {
          throw new ModelSpecException("type", "logistic regression is binary (one logit) but the data have "
              + outputs + " classes; use type softmax");
        }
        flattenIfNeeded(exampleShape, layers);
        layers.add(new Linear(in, 1, init));
        break;
      case "softmax":
      case "linear-svm":
        if (outputs < 2) {
          throw new ModelSpecException("type", spec.type() + " needs at least 2 classes, got " + outputs);
        }
        flattenIfNeeded(exampleShape, layers);
        layers.add(new Linear(in, outputs, init));
        break;
      case "linear":
        flattenIfNeeded(exampleShape, layers);
        layers.add(new Linear(in, outputs, init));
        break;
      case "mlp":
        flattenIfNeeded(exampleShape, layers);
        dense(spec, in, outputs, init, dropout, layers);
        break;
      case "cnn":
        cnn(spec, exampleShape, outputs, init, dropout, layers);
        break;
      default:
        throw new IllegalStateException("models: type " + spec.type() + " passed validation but has no builder");
    }
    return new Sequential(layers.toArray(new Module[0]));
  }

  /** Builds the model for {@code data}'s example shape and {@link #outputs(ModelSpec, Dataset) outputs}. */
  public static Module build(ModelSpec spec, Dataset data, Rng rng) {
    return build(spec, data.exampleShape(), outputs(spec, data), rng);
  }

  /**
   * Output units for {@code data}: 1 for logistic, the class count for other classifiers, the
   * values per target for regression.
   */
  public static int outputs(ModelSpec spec, Dataset data) {
    if (data.isClassification()) {
      return spec.type().equals("logistic") ? 1 : data.numClasses();
    }
    Shape t = data.targets().shape();
    return t.rank() == 1 ? 1 : t.size() / t.dim(0);
  }

  private static void flattenIfNeeded(Shape exampleShape, List<Module> layers) {
    if (exampleShape.rank() > 1) {
      layers.add(new Flatten());
    }
  }

  private static void dense(ModelSpec spec, int in, int outputs, Rng init, Rng dropout, List<Module> layers) {
    int width = in;
    int i = 0;
    for (int h : spec.hidden()) {
      layers.add(new Linear(width, h, init));
      layers.add(activation(spec.activation()));
      if (spec.dropout() > 0) {
        layers.add(new Dropout(spec.dropout(), dropout.derive(i)));
      }
      width = h;
      i++;
    }
    layers.add(new Linear(width, outputs, init));
  }

  private static void cnn(ModelSpec spec, Shape s, int outputs, Rng init, Rng dropout, List<Module> layers) {
    int c;
    int h;
    int w;
    if (s.rank() == 3 || s.rank() == 2) {
      c = s.rank() == 3 ? s.dim(0) : 1;
      h = s.dim(-2);
      w = s.dim(-1);
      if (spec.side() != null && (spec.side() != h || spec.side() != w)) {
        throw new ModelSpecException("side", "cnn side " + spec.side() + " does not match image examples of shape "
            + s + "; leave side out for image-shaped data");
      }
      if (s.rank() == 2) {
        layers.add(new ImageView(1, h, w));
      }
    } else if (s.rank() == 1) {
      int n = s.dim(0);
      if (spec.side() == null) {
        int r = (int) Math.round(Math.sqrt(n));
        throw new ModelSpecException("side", "cnn needs image-shaped examples [C, H, W] but got flat vectors of " + n
            + " features; set side to the image side length" + (r * r == n ? " (side: " + r + " for " + r + "x" + r
            + " images)" : ""));
      }
      int area = spec.side() * spec.side();
      if (n % area != 0) {
        throw new ModelSpecException("side", "cnn side " + spec.side() + " gives " + area + "-pixel images, which do"
            + " not divide the " + n + " features of each example");
      }
      c = n / area;
      h = spec.side();
      w = spec.side();
      layers.add(new ImageView(c, h, w));
    } else {
      throw new ModelSpecException("", "cnn needs image-shaped examples [C, H, W], [H, W] or flat vectors with side;"
          + " got examples of shape " + s);
    }
    int blocks = spec.channels().size();
    if ((h >> blocks) < 1 || (w >> blocks) < 1) {
      throw new ModelSpecException("channels", "cnn: " + h + "x" + w + " images are too small for " + blocks
          + " conv-pool blocks (each 2x2 pool halves the side); need at least " + (1 << blocks) + "x" + (1 << blocks)
          + " or fewer channels entries");
    }
    int k = spec.kernel();
    int inC = c;
    for (int outC : spec.channels()) {
      layers.add(new Conv2d(inC, outC, k, 1, k / 2, init));
      layers.add(activation(spec.activation()));
      layers.add(new MaxPool2d(2));
      inC = outC;
      h /= 2;
      w /= 2;
    }
    layers.add(new Flatten());
    dense(spec, inC * h * w, outputs, init, dropout, layers);
  }

  private static Module activation(String name) {
    switch (name) {
      case "relu":
        return new ReLU();
      case "tanh":
        return new Tanh();
      case "gelu":
        return new GELU();
      default:
        throw new ModelSpecException("activation", "unknown activation '" + name + "'; expected one of "
            + String.join(", ", ModelSpec.ACTIVATIONS));
    }
  }
}
