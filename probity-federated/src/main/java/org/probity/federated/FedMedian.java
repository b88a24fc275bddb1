package org.probity.federated;

import java.util.Arrays;
import java.util.List;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Coordinate-wise median aggregation (Yin, Chen, Ramchandran, Bartlett, ICML 2018, "Byzantine-
 * robust distributed learning"): each parameter of the new global model is the median of the
 * clients' values for it, so a minority of arbitrarily bad replies cannot move it far. Example
 * counts are ignored, as in the paper. Written as the README's example of a strategy in one small
 * class: only {@link #aggregateFit} differs from {@link FedAvg}.
 */
public class FedMedian extends FedAvg {
  public FedMedian(ClientSampler fitSampler) {
    super(fitSampler);
  }

  @Override
  public String name() {
    return "fedmedian";
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    float[][] flat = new float[replies.size()][];
    for (int k = 0; k < flat.length; k++) {
      flat[k] = replies.get(k).params().flatten().data();
    }
    float[] median = new float[flat[0].length];
    float[] column = new float[flat.length];
    for (int j = 0; j < median.length; j++) {
      for (int k = 0; k < flat.length; k++) {
        column[k] = flat[k][j];
      }
      Arrays.sort(column);
      int mid = column.length / 2;
      median[j] = column.length % 2 == 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2f;
    }
    return global.unflatten(Tensor.vector(median));
  }
}
