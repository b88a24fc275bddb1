package org.probity.core.repro.most;

import java.util.ArrayList;
import java.util.List;
import org.probity.core.multiobjective.LeastSquaresObjective;
import org.probity.tensor.Rng;

/**
 * The synthetic "federated regression" of the MosT reproduction plan (Li et al., ICLR 2025;
 * research notes §4): n least-squares objectives whose ground-truth vectors lie around a few latent
 * cluster centres, so that a handful of solutions can serve all of them if, and only if, each
 * solution finds one cluster. Centres are N(0, I_d); objective i belongs to cluster i mod k (equal
 * clusters, matching MosT's equal column marginals b_j = 1), its truth is its centre plus
 * N(0, spread² I_d), and its data are {@code rows} points x ~ N(0, I_d) with y = x·w_i + N(0, noise²).
 */
final class ClusteredRegression {
  static final int OBJECTIVES = 30;
  static final int CLUSTERS = 5;
  static final int DIM = 10;
  static final int ROWS = 40;
  static final double SPREAD = 0.1;
  static final double NOISE = 0.1;

  /** The objectives, each one's true cluster, and the cluster centres. */
  record Data(List<LeastSquaresObjective> objectives, int[] cluster, double[][] centres) {}

  private ClusteredRegression() {}

  static Data generate(Rng rng) {
    Rng centreRng = rng.derive("centres");
    double[][] centres = new double[CLUSTERS][DIM];
    for (double[] c : centres) {
      for (int k = 0; k < DIM; k++) {
        c[k] = centreRng.nextGaussian();
      }
    }
    List<LeastSquaresObjective> objectives = new ArrayList<>(OBJECTIVES);
    int[] cluster = new int[OBJECTIVES];
    for (int i = 0; i < OBJECTIVES; i++) {
      Rng r = rng.derive("objective").derive(i);
      cluster[i] = i % CLUSTERS;
      double[] w = new double[DIM];
      for (int k = 0; k < DIM; k++) {
        w[k] = centres[cluster[i]][k] + SPREAD * r.nextGaussian();
      }
      double[] x = new double[ROWS * DIM];
      double[] y = new double[ROWS];
      for (int row = 0; row < ROWS; row++) {
        double p = 0;
        for (int k = 0; k < DIM; k++) {
          double v = r.nextGaussian();
          x[row * DIM + k] = v;
          p += v * w[k];
        }
        y[row] = p + NOISE * r.nextGaussian();
      }
      objectives.add(new LeastSquaresObjective(x, y, ROWS, DIM));
    }
    return new Data(objectives, cluster, centres);
  }
}
