package org.probity.core.model;

import org.probity.core.naming.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What model to train, as a spec's {@code model:} section reads: a type and the few settings that
 * type takes. Missing settings take defaults (so the resolved spec shows what ran) and settings
 * that do not apply to the type are errors, so "type: logistic, hidden: [64]" fails instead of
 * silently training a linear model.
 *
 * <ul>
 *   <li>{@code logistic}: binary logistic regression, one logit, binary cross-entropy.
 *   <li>{@code softmax}: multinomial logistic regression, cross-entropy.
 *   <li>{@code linear}: a plain linear layer (linear regression on regression data, the same
 *       model as softmax on class labels).
 *   <li>{@code linear-svm}: linear class scores with the multiclass hinge loss (Weston–Watkins).
 *   <li>{@code mlp}: {@code hidden} sizes (default [128]), {@code activation} relu|tanh|gelu,
 *       {@code dropout} after each hidden activation.
 *   <li>{@code cnn}: LeNet-sized (LeCun et al. 1998): per entry of {@code channels} (default [6, 16])
 *       a same-padded conv with a {@code kernel}×{@code kernel} window (default 5), the activation
 *       and a 2×2 max pool, then dense {@code hidden} layers (default [120, 84]) and the output
 *       layer. Inputs are [C, H, W] or [H, W] images, or flat vectors with {@code side} set
 *       (side 8 for scikit-learn's 64-pixel digits).
 * </ul>
 *
 * @param type one of {@link #TYPES}
 * @param hidden hidden layer widths (mlp, cnn)
 * @param activation relu, tanh or gelu (mlp, cnn)
 * @param dropout dropout probability in [0, 1) after each hidden activation (mlp, cnn)
 * @param channels output channels of each conv block (cnn)
 * @param kernel odd conv kernel size (cnn)
 * @param side image side length for flat inputs (cnn); null for image-shaped data
 */
public record ModelSpec(String type, List<Integer> hidden, String activation, Double dropout, List<Integer> channels,
    Integer kernel, Integer side) {
  public static final List<String> TYPES = List.of("logistic", "softmax", "linear", "linear-svm", "mlp", "cnn");
  public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu");

  public ModelSpec {
    if (type == null || type.isBlank()) {
      throw new ModelSpecException("type", "model type is missing; expected one of " + String.join(", ", TYPES));
    }
    type = type.trim().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new ModelSpecException("type", "unknown model type '" + type + "'; expected one of "
          + String.join(", ", TYPES) + closest(type));
    }
    boolean deep = type.equals("mlp") || type.equals("cnn");
    boolean cnn = type.equals("cnn");
    if (!deep) {
      notFor(type, "hidden", hidden != null && !hidden.isEmpty());
      notFor(type, "activation", activation != null);
      notFor(type, "dropout", dropout != null && dropout != 0.0);
      hidden = List.of();
      dropout = 0.0;
    } else {
      if (hidden == null) {
        hidden = cnn ? List.of(120, 84) : List.of(128);
      }
      hidden = positives("hidden", hidden, true);
      activation = activation == null ? "relu" : activation.trim().toLowerCase(Locale.ROOT);
      if (!ACTIVATIONS.contains(activation)) {
        throw new ModelSpecException("activation", "unknown activation '" + activation + "'; expected one of "
            + String.join(", ", ACTIVATIONS));
      }
      dropout = dropout == null ? 0.0 : dropout;
      if (!(dropout >= 0 && dropout < 1)) {
        throw new ModelSpecException("dropout", "dropout must be in [0, 1), got " + dropout);
      }
    }
    if (!cnn) {
      notFor(type, "channels", channels != null && !channels.isEmpty());
      notFor(type, "kernel", kernel != null);
      notFor(type, "side", side != null);
      channels = List.of();
    } else {
      channels = positives("channels", channels == null ? List.of(6, 16) : channels, false);
      kernel = kernel == null ? 5 : kernel;
      if (kernel < 1 || kernel % 2 == 0) {
        throw new ModelSpecException("kernel", "cnn kernel must be a positive odd number (same padding), got " + kernel);
      }
      if (side != null && side < 1) {
        throw new ModelSpecException("side", "cnn side must be positive, got " + side);
      }
    }
  }

  public static ModelSpec of(String type) {
    return new ModelSpec(type, null, null, null, null, null, null);
  }

  public static ModelSpec logistic() {
    return of("logistic");
  }

  public static ModelSpec softmax() {
    return of("softmax");
  }

  public static ModelSpec linear() {
    return of("linear");
  }

  public static ModelSpec linearSvm() {
    return of("linear-svm");
  }

  public static ModelSpec mlp(List<Integer> hidden, String activation, double dropout) {
    return new ModelSpec("mlp", hidden, activation, dropout, null, null, null);
  }

  /** A LeNet-sized cnn with default layers; {@code side} for flat inputs, else null. */
  public static ModelSpec cnn(Integer side) {
    return new ModelSpec("cnn", null, null, null, null, null, side);
  }

  /** A short description for logs and reports, e.g. "mlp(hidden=[64, 32], relu, dropout=0.1)". */
  public String describe() {
    switch (type) {
      case "mlp":
        return "mlp(hidden=" + hidden + ", " + activation + (dropout > 0 ? ", dropout=" + dropout : "") + ")";
      case "cnn":
        return "cnn(channels=" + channels + ", kernel=" + kernel + ", hidden=" + hidden + ", " + activation
            + (dropout > 0 ? ", dropout=" + dropout : "") + (side != null ? ", side=" + side : "") + ")";
      default:
        return type;
    }
  }

  private static void notFor(String type, String field, boolean present) {
    if (present) {
      String where = field.equals("channels") || field.equals("kernel") || field.equals("side") ? "cnn" : "mlp and cnn";
      throw new ModelSpecException(field, "'" + field + "' does not apply to model type " + type
          + "; it is a setting of " + where);
    }
  }

  private static List<Integer> positives(String field, List<Integer> sizes, boolean emptyOk) {
    if (!emptyOk && sizes.isEmpty()) {
      throw new ModelSpecException(field, field + " must list at least one size");
    }
    List<Integer> out = new ArrayList<>(sizes.size());
    for (int i = 0; i < sizes.size(); i++) {
      Integer s = sizes.get(i);
      if (s == null || s < 1) {
        throw new ModelSpecException(field, field + "[" + i + "] must be a positive size, got " + s);
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** ", did you mean 'x'?" for the valid type nearest in edit distance, when it is near. */
  private static String closest(String type) {
    String best = Suggest.closest(type, TYPES);
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }
}
