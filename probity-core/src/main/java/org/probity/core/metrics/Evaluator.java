package org.probity.core.metrics;

import org.probity.core.data.Batch;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * Measures a model on a dataset: one no-grad pass in evaluation mode (dropout off) in chunks,
 * then every metric that applies. Always the mean per-example loss; for class labels accuracy,
 * AUROC (binary, or one-vs-rest macro) and expected calibration error; for regression targets
 * MSE and RMSE; with group ids the per-group loss, accuracy and counts, and the worst group's
 * accuracy and loss, the numbers TERM's fairness claims are about. The metric functions are the
 * static ones of this package, so reproductions computing on raw arrays get the same figures.
 */
public final class Evaluator {
  /** Rows per forward pass: bounds memory on large test sets without slowing small ones. */
  static final int CHUNK = 1024;

  private Evaluator() {}

  /** Evaluates {@code model} on all of {@code data}; leaves the model in evaluation mode. */
  @SuppressWarnings("try") // the NoGrad scope is used only for its effect
  public static Metrics evaluate(Module model, Dataset data, LossFunction loss) {
    int n = data.size();
    if (n == 0) {
      throw new IllegalArgumentException("evaluate: dataset '" + data.name() + "' is empty");
    }
    model.setTraining(false);
    float[] outputs = null;
    double[] losses = new double[n];
    int cols = -1;
    try (NoGrad ignored = NoGrad.enter()) {
      for (int start = 0; start < n; start += CHUNK) {
        int end = Math.min(n, start + CHUNK);
        Batch b = start == 0 && end == n ? data.all() : data.batch(range(start, end));
        Tensor out = model.forward(b.x());
        int rows = end - start;
        if (out.rank() < 1 || out.dim(0) != rows) {
          throw new IllegalStateException("evaluate: the model returned shape " + out.shape() + " for a batch of "
              + rows);
        }
        if (cols < 0) {
          cols = out.size() / rows;
          outputs = new float[n * cols];
        }
        System.arraycopy(out.data(), 0, outputs, start * cols, rows * cols);
        float[] l = loss.perExample(out, b).data();
        for (int i = 0; i < rows; i++) {
          losses[start + i] = l[i];
        }
      }
    }
    return fromOutputs(outputs, cols, losses, data);
  }

  /**
   * The metrics of row-major [n, cols] {@code outputs} with their per-example losses against the
   * labels or targets (and groups) of {@code data}.
   */
  public static Metrics fromOutputs(float[] outputs, int cols, double[] perExampleLoss, Dataset data) {
    int n = data.size();
    Scores.checkShape("evaluate", outputs, n, cols);
    if (perExampleLoss.length != n) {
      throw new IllegalArgumentException("evaluate: " + perExampleLoss.length + " losses for " + n + " examples");
    }
    Metrics.Builder m = Metrics.builder();
    m.put(Metrics.LOSS, mean(perExampleLoss));
    int[] predicted = null;
    if (data.isClassification()) {
      int[] labels = data.labels();
      predicted = Accuracy.predictions(outputs, n, cols);
      m.put(Metrics.ACCURACY, Accuracy.of(predicted, labels));
      int classes = Scores.classes(cols);
      float[] probs = Scores.probabilities(outputs, n, cols);
      double auroc = Auroc.oneVsRest(probs, classes, labels);
      if (!Double.isNaN(auroc)) {
        m.put(Metrics.AUROC, auroc);
      }
      m.put(Metrics.ECE, CalibrationError.expected(probs, classes, labels));
    } else {
      float[] targets = data.targets().data();
      if (targets.length != outputs.length) {
        throw new IllegalArgumentException("evaluate: " + outputs.length + " predicted values for " + targets.length
            + " target values in dataset '" + data.name() + "'");
      }
      double mse = RegressionError.mse(outputs, targets);
      m.put(Metrics.MSE, mse);
      m.put(Metrics.RMSE, Math.sqrt(mse));
    }
    if (data.groups() != null) {
      int g = data.numGroups();
      int[] groups = data.groups();
      double[] groupLoss = GroupMetrics.means(perExampleLoss, groups, g);
      int[] counts = GroupMetrics.counts(groups, g);
      double[] groupAcc = predicted == null ? null : GroupMetrics.accuracy(predicted, data.labels(), groups, g);
      for (int k = 0; k < g; k++) {
        if (counts[k] == 0) {
          continue;
        }
        m.putGroup("count", k, counts[k]);
        m.putGroup(Metrics.LOSS, k, groupLoss[k]);
        if (groupAcc != null) {
          m.putGroup(Metrics.ACCURACY, k, groupAcc[k]);
        }
      }
      if (groupAcc != null) {
        m.put(Metrics.WORST_GROUP_ACCURACY, GroupMetrics.worstLow(groupAcc));
      }
      m.put(Metrics.WORST_GROUP_LOSS, GroupMetrics.worstHigh(groupLoss));
    }
    return m.build();
  }

  /** The model's outputs on all of {@code data} (no grad, evaluation mode, in chunks), as one [n, ...] tensor. */
  @SuppressWarnings("try") // the NoGrad scope is used only for its effect
  public static Tensor outputs(Module model, Dataset data) {
    int n = data.size();
    model.setTraining(false);
    float[] all = null;
    Shape rowShape = null;
    try (NoGrad ignored = NoGrad.enter()) {
      for (int start = 0; start < n; start += CHUNK) {
        int end = Math.min(n, start + CHUNK);
        Tensor x = start == 0 && end == n ? data.features() : data.features().detach().slice(0, start, end);
        Tensor out = model.forward(x);
        if (all == null) {
          rowShape = out.shape().without(0);
          all = new float[n * rowShape.size()];
        }
        System.arraycopy(out.data(), 0, all, start * rowShape.size(), out.size());
      }
    }
    int[] dims = new int[rowShape.rank() + 1];
    dims[0] = n;
    System.arraycopy(rowShape.dims(), 0, dims, 1, rowShape.rank());
    return Tensor.wrap(all, Shape.of(dims));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static int[] range(int start, int end) {
    int[] r = new int[end - start];
    for (int i = 0; i < r.length; i++) {
      r[i] = start + i;
    }
    return r;
  }
}
