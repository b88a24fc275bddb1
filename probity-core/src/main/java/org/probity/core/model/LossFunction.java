package org.probity.core.model;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.tensor.Tensor;
import org.probity.tensor.loss.BinaryCrossEntropy;
import org.probity.tensor.loss.CrossEntropy;
import org.probity.tensor.loss.Hinge;
import org.probity.tensor.loss.MeanSquaredError;

/**
 * The per-example loss of a task: model outputs and a batch in, one loss per example out ([B]).
 * Per-example rather than averaged because the objective decides how examples combine: ERM takes
 * the mean, TERM a tilted log-sum-exp, group objectives a tilt over groups (Li et al. 2021). The
 * result is recorded on the tape, so gradients flow from the objective through it to the model.
 */
public interface LossFunction {
  /** Per-example losses of {@code outputs} (the model's output for {@code batch.x()}); shape [B]. */
  Tensor perExample(Tensor outputs, Batch batch);

  /** A short name for logs and reports ("cross_entropy", "mse"). */
  String name();

  /** Softmax cross-entropy against the batch's labels. */
  static LossFunction crossEntropy() {
    return crossEntropy(0.0);
  }

  /** Softmax cross-entropy with label smoothing ε in [0, 1] (Szegedy et al. 2016). */
  static LossFunction crossEntropy(double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException("cross_entropy: label smoothing must be in [0, 1], got " + labelSmoothing);
    }
    String name = labelSmoothing == 0 ? "cross_entropy" : "cross_entropy(smoothing=" + labelSmoothing + ")";
    return new NamedLoss(name) {
      @Override
      public Tensor perExample(Tensor outputs, Batch batch) {
        return CrossEntropy.perExample(outputs, labels(name(), batch), labelSmoothing);
      }
    };
  }

  /** Binary cross-entropy of a single logit per example ([B] or [B, 1]) against 0/1 labels. */
  static LossFunction binaryLogistic() {
    return new NamedLoss("binary_logistic") {
      @Override
      public Tensor perExample(Tensor outputs, Batch batch) {
        int[] y = labels(name(), batch);
        if (outputs.size() != y.length) {
          throw new IllegalArgumentException("binary_logistic: expected one logit per example ([" + y.length
              + "] or [" + y.length + ", 1]), got outputs of shape " + outputs.shape());
        }
        float[] t = new float[y.length];
        for (int i = 0; i < y.length; i++) {
          if (y[i] != 0 && y[i] != 1) {
            throw new IllegalArgumentException("binary_logistic: label " + y[i] + " at position " + i
                + " is not 0 or 1; use cross_entropy for more classes");
          }
          t[i] = y[i];
        }
        return BinaryCrossEntropy.withLogits(outputs, Tensor.wrap(t, outputs.shape()));
      }
    };
  }

  /** The multiclass hinge loss (Weston–Watkins, PyTorch's multi_margin_loss) of class scores [B, C]. */
  static LossFunction multiclassHinge() {
    return new NamedLoss("multiclass_hinge") {
      @Override
      public Tensor perExample(Tensor outputs, Batch batch) {
        return Hinge.perExample(outputs, labels(name(), batch));
      }
    };
  }

  /** Squared error per example (mean over a target's values) against the batch's regression targets. */
  static LossFunction meanSquaredError() {
    return new NamedLoss("mse") {
      @Override
      public Tensor perExample(Tensor outputs, Batch batch) {
        Tensor targets = batch.targets();
        if (targets == null) {
          throw new IllegalArgumentException("mse: the batch has no regression targets (it has "
              + (batch.labels() != null ? "class labels; use a classification loss" : "neither labels nor targets")
              + ")");
        }
        return MeanSquaredError.perExample(outputs, targets);
      }
    };
  }

  /** The natural loss for a model type on this data, without label smoothing. */
  static LossFunction forModel(ModelSpec spec, Dataset data) {
    return forModel(spec, data, 0.0);
  }

  /**
   * The natural loss for a model type on this data: MSE for regression targets; for class labels
   * binary cross-entropy with logits (logistic), multiclass hinge (linear-svm), else softmax
   * cross-entropy with {@code labelSmoothing}.
   */
  static LossFunction forModel(ModelSpec spec, Dataset data, double labelSmoothing) {
    String type = spec.type();
    if (!data.isClassification()) {
      if (type.equals("logistic") || type.equals("softmax") || type.equals("linear-svm")) {
        throw new ModelSpecException("type", type + " is a classifier but dataset '" + data.name()
            + "' has regression targets; use type linear, mlp or cnn");
      }
      if (labelSmoothing != 0) {
        throw new IllegalArgumentException("label smoothing applies to classification; dataset '" + data.name()
            + "' has regression targets");
      }
      return meanSquaredError();
    }
    switch (type) {
      case "logistic":
        if (data.numClasses() > 2) {
          throw new ModelSpecException("type", "logistic regression is binary but dataset '" + data.name() + "' has "
              + data.numClasses() + " classes; use type softmax");
        }
        if (labelSmoothing != 0) {
          throw new IllegalArgumentException("label smoothing applies to softmax cross-entropy, not to logistic");
        }
        return binaryLogistic();
      case "linear-svm":
        if (labelSmoothing != 0) {
          throw new IllegalArgumentException("label smoothing applies to softmax cross-entropy, not to the hinge loss");
        }
        return multiclassHinge();
      default:
        return crossEntropy(labelSmoothing);
    }
  }

  /** The batch's labels, failing clearly on regression batches. */
  private static int[] labels(String loss, Batch batch) {
    if (batch.labels() == null) {
      throw new IllegalArgumentException(loss + ": the batch has no class labels (regression data need mse)");
    }
    return batch.labels();
  }
}
