package org.probity.deploy.secagg;

/**
 * The output of one secure-aggregation round: Σ_{s ∈ survivors} q(x_s) as signed 32-bit integers, its
 * exact dequantization Σ q(x_s)·2^−f (within survivors.length·2^−f−1 of the sum of the clipped float
 * inputs, per coordinate; see {@link Quantizer}), and who was counted. The server sees nothing finer.
 * Arrays are owned by the result; do not modify them.
 */
public record SecAggResult(long round, int[] quantizedSum, double[] sum, int[] survivors, int[] dropped) {
  /** The number of updates in the sum. */
  public int count() {
    return survivors.length;
  }

  /** The sum rounded to float. */
  public float[] sumAsFloats() {
    float[] out = new float[sum.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) sum[i];
    }
    return out;
  }
}
