package org.probity.core.repro.most;

import java.util.ArrayList;
import java.util.List;
import org.probity.core.multiobjective.DifferentiableObjective;
import org.probity.core.multiobjective.Mgda;
import org.probity.tensor.Rng;

/**
 * The reference methods of the MosT reproduction plan (Li et al., ICLR 2025; research notes §4),
 * each producing m solutions for the same n objectives with the same number of gradient steps per
 * solution as MosT: (a) linear scalarisation — gradient descent on Σ_i p_i L_i for m preference
 * vectors p ~ Dirichlet(1, …, 1); (b) m independent MGDA runs over all n objectives from random
 * starts; (d) the oracle, which knows each objective's latent cluster and fits one solution per
 * cluster to the cluster's mean loss (the best a one-solution-per-cluster method can do on
 * average). MosT's claim is that matching objectives to solutions beats both blind ways of making
 * m solutions, which each end near a compromise of all objectives.
 */
final class Baselines {
  /** Frank–Wolfe steps per min-norm problem, as in MosT's lower level. */
  static final int MGDA_FW_ITERATIONS = 20;

  private Baselines() {}

  /** (a) m solutions, each minimising Σ_i p_i L_i with p ~ Dirichlet(1) by gradient descent from N(0, I). */
  static double[][] linearScalarization(List<? extends DifferentiableObjective> objectives, int m, int steps,
      double lr, Rng rng) {
    int n = objectives.size();
    int d = objectives.get(0).dimension();
    double[][] out = new double[m][];
    for (int j = 0; j < m; j++) {
      Rng r = rng.derive(j);
      double[] p = dirichletOnes(n, r.derive("preference"));
      double[] theta = gaussian(d, r.derive("init"));
      descend(objectives, p, theta, steps, lr);
      out[j] = theta;
    }
    return out;
  }

  /** (b) m MGDA runs over all objectives (weights 1, no mask) from N(0, I) starts. */
  static double[][] independentMgda(List<? extends DifferentiableObjective> objectives, int m, int steps, double lr,
      Rng rng) {
    int n = objectives.size();
    int d = objectives.get(0).dimension();
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    double[][] out = new double[m][];
    for (int j = 0; j < m; j++) {
      double[] theta = gaussian(d, rng.derive(j));
      for (int s = 0; s < steps; s++) {
        Mgda.step(objectives, ones, 0.0, theta, lr, MGDA_FW_ITERATIONS);
      }
      out[j] = theta;
    }
    return out;
  }

  /** (d) one solution per true cluster, minimising the cluster's mean loss by gradient descent from 0. */
  static double[][] oracle(List<? extends DifferentiableObjective> objectives, int[] cluster, int clusters,
      int steps, double lr) {
    int d = objectives.get(0).dimension();
    double[][] out = new double[clusters][];
    for (int c = 0; c < clusters; c++) {
      List<DifferentiableObjective> members = new ArrayList<>();
      for (int i = 0; i < cluster.length; i++) {
        if (cluster[i] == c) {
          members.add(objectives.get(i));
        }
      }
      double[] w = new double[members.size()];
      java.util.Arrays.fill(w, 1.0 / members.size());
      double[] theta = new double[d];
      descend(members, w, theta, steps, lr);
      out[c] = theta;
    }
    return out;
  }

  /** Gradient descent on Σ_i w_i L_i in place; returns the final gradient norm. */
  static double descend(List<? extends DifferentiableObjective> objectives, double[] w, double[] theta, int steps,
      double lr) {
    int d = theta.length;
    double[] g = new double[d];
    double[] total = new double[d];
    double norm = 0;
    for (int s = 0; s < steps; s++) {
      java.util.Arrays.fill(total, 0.0);
      for (int i = 0; i < objectives.size(); i++) {
        if (w[i] == 0) {
          continue;
        }
        objectives.get(i).valueAndGradient(theta, g);
        for (int k = 0; k < d; k++) {
          total[k] += w[i] * g[k];
        }
      }
      norm = 0;
      for (int k = 0; k < d; k++) {
        norm += total[k] * total[k];
        theta[k] -= lr * total[k];
      }
    }
    return Math.sqrt(norm);
  }

  /** Dirichlet(1, …, 1): normalised Exp(1) draws. */
  static double[] dirichletOnes(int n, Rng rng) {
    double[] p = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      p[i] = -Math.log(1.0 - rng.nextDouble());
      s += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= s;
    }
    return p;
  }

  static double[] gaussian(int d, Rng rng) {
    double[] v = new double[d];
    for (int k = 0; k < d; k++) {
      v[k] = rng.nextGaussian();
    }
    return v;
  }
}
