package org.probity.core.multiobjective;

import java.util.List;
import org.probity.tensor.Rng;

/**
 * Many-objective multi-solution transport (MosT; Li, Li, Smith, Bilmes and Zhou, ICLR 2025; code
 * tianyi-lab/MosT {@code update.py}): trains m solutions for n ≫ m objectives so that every
 * objective has some solution that serves it well, by alternating two levels. Upper level: the cost
 * C_ij = L_i(θ_j), clamped at 0 and normalised to sum 1, is matched by balanced optimal transport
 * with marginals a_i = m/n (each objective spreads the same mass) and b_j = 1 (each solution takes
 * the same share), which keeps any solution from being left without objectives; the plan Γ (total
 * mass m) is smoothed with a moving average across rounds. Lower level: each solution j takes MGDA
 * steps on the Γ-weighted objectives {Γ_ij L_i} that send it more than a threshold share of
 * their mass ({@link Mgda}), treating Γ as
 * fixed (no hypergradient), as the official code does. Plain gradient descent on a weighted sum
 * would let the best-fitted objectives dominate a solution; MGDA's min-norm direction lowers all of
 * its assigned objectives together.
 *
 * <p>Not implemented from the code: the loss-adaptive marginals ({@code --adjust_ab}), the
 * diversity regulariser, the Dirichlet-extended objectives for n &lt; m, and the FL driver's
 * local epochs with FedMGDA-style model averaging; here each lower-level step uses exact gradients.
 */
public final class MultiSolutionTransport {
  private final MostConfig config;

  public MultiSolutionTransport(MostConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("multi-solution transport: config must not be null");
    }
    this.config = config;
  }

  public MostConfig config() {
    return config;
  }

  /** Trains from m initial solutions drawn θ_jk ~ N(0, 1) from {@code rng}. */
  public MostResult train(List<? extends DifferentiableObjective> objectives, Rng rng) {
    int d = checkObjectives(objectives);
    double[][] init = new double[config.solutions()][d];
    for (double[] row : init) {
      for (int k = 0; k < d; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    return train(objectives, init);
  }

  /** Trains from the given initial solutions (m rows of the objectives' dimension; copied). */
  public MostResult train(List<? extends DifferentiableObjective> objectives, double[][] initialSolutions) {
    int d = checkObjectives(objectives);
    int m = config.solutions();
    int n = objectives.size();
    if (initialSolutions.length != m) {
      throw new IllegalArgumentException("multi-solution transport: " + initialSolutions.length
          + " initial solutions, config asks for " + m);
    }
    double[][] theta = new double[m][];
    for (int j = 0; j < m; j++) {
      if (initialSolutions[j].length != d) {
        throw new IllegalArgumentException("multi-solution transport: initial solution " + j + " has length "
            + initialSolutions[j].length + ", objectives take " + d);
      }
      theta[j] = initialSolutions[j].clone();
    }
    double[] a = new double[n];
    java.util.Arrays.fill(a, (double) m / n);
    double[] b = new double[m];
    java.util.Arrays.fill(b, 1.0);
    double[][] gamma = null;
    double[] column = new double[n];
    double mu = config.movingAverage();
    // Γ's rows sum to a_i = m/n, so a share of an objective's own mass is Γ_ij > share · m/n.
    double mask = config.maskThreshold() * m / n;
    for (int r = 0; r < config.rounds(); r++) {
      double[][] plan = transport(lossMatrix(objectives, theta), a, b);
      if (gamma == null) {
        gamma = plan;
      } else {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < m; j++) {
            gamma[i][j] = mu * gamma[i][j] + (1 - mu) * plan[i][j];
          }
        }
      }
      for (int j = 0; j < m; j++) {
        for (int i = 0; i < n; i++) {
          column[i] = gamma[i][j];
        }
        for (int s = 0; s < config.innerSteps(); s++) {
          Mgda.step(objectives, column, mask, theta[j], config.learningRate(), config.frankWolfeIterations());
        }
      }
      for (double[] t : theta) {
        for (double v : t) {
          if (!Double.isFinite(v)) {
            throw new IllegalStateException("multi-solution transport: a solution diverged in round " + r
                + " (learning rate " + config.learningRate() + " is too large for these objectives)");
          }
        }
      }
    }
    return MostResult.evaluate(objectives, theta, gamma);
  }

  /** The normalised, clamped cost and its transport plan, rescaled to total mass m. */
  private double[][] transport(double[][] losses, double[] a, double[] b) {
    int n = losses.length;
    int m = b.length;
    double total = 0;
    for (double[] row : losses) {
      for (int j = 0; j < m; j++) {
        row[j] = Math.max(0.0, row[j]);
        total += row[j];
      }
    }
    if (total > 0) {
      for (double[] row : losses) {
        for (int j = 0; j < m; j++) {
          row[j] /= total;
        }
      }
    }
    double[][] plan = OptimalTransport.solve(config.transport(), losses, a, b, config.beta(),
        config.transportIterations());
    double mass = 0;
    for (double[] row : plan) {
      for (double v : row) {
        mass += v;
      }
    }
    double scale = m / mass;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        plan[i][j] *= scale;
      }
    }
    return plan;
  }

  /** L_i(θ_j) for every objective i (rows) and solution j (columns). */
  public static double[][] lossMatrix(List<? extends DifferentiableObjective> objectives, double[][] solutions) {
    int n = objectives.size();
    double[][] out = new double[n][solutions.length];
    for (int i = 0; i < n; i++) {
      DifferentiableObjective o = objectives.get(i);
      for (int j = 0; j < solutions.length; j++) {
        double v = o.value(solutions[j]);
        if (Double.isNaN(v)) {
          throw new IllegalStateException("multi-solution transport: objective " + i + " is NaN at solution " + j);
        }
        out[i][j] = v;
      }
    }
    return out;
  }

  private static int checkObjectives(List<? extends DifferentiableObjective> objectives) {
    if (objectives == null || objectives.isEmpty()) {
      throw new IllegalArgumentException("multi-solution transport: need at least one objective, got "
          + (objectives == null ? "null" : "0"));
    }
    int d = objectives.get(0).dimension();
    for (int i = 1; i < objectives.size(); i++) {
      if (objectives.get(i).dimension() != d) {
        throw new IllegalArgumentException("multi-solution transport: objective " + i + " has dimension "
            + objectives.get(i).dimension() + ", objective 0 has " + d);
      }
    }
    return d;
  }
}
