package org.probity.core.multiobjective;

/**
 * What a multi-solution run leaves: the m solutions, the transport plan Γ (n objectives × m
 * solutions, total mass m) that matched them in the last round, every objective's loss at every
 * solution, and for each objective its best solution and loss — the quantity MosT (Li et al., ICLR
 * 2025) is judged on ("mean over objectives of the best solution's" loss or accuracy). Arrays are
 * copied in and out, so a result cannot change after it is made.
 */
public record MostResult(double[][] solutions, double[][] transport, double[][] losses) {

  public MostResult {
    if (losses.length != transport.length || losses.length == 0) {
      throw new IllegalArgumentException("most result: " + losses.length + " loss rows but " + transport.length
          + " transport rows");
    }
    for (int i = 0; i < losses.length; i++) {
      if (losses[i].length != solutions.length || transport[i].length != solutions.length) {
        throw new IllegalArgumentException("most result: row " + i + " has " + losses[i].length + " losses and "
            + transport[i].length + " plan entries for " + solutions.length + " solutions");
      }
    }
    solutions = deepCopy(solutions);
    transport = deepCopy(transport);
    losses = deepCopy(losses);
  }

  /** Builds the result by evaluating every objective at every solution. */
  public static MostResult evaluate(java.util.List<? extends DifferentiableObjective> objectives,
      double[][] solutions, double[][] transport) {
    return new MostResult(solutions, transport, MultiSolutionTransport.lossMatrix(objectives, solutions));
  }

  @Override
  public double[][] solutions() {
    return deepCopy(solutions);
  }

  @Override
  public double[][] transport() {
    return deepCopy(transport);
  }

  @Override
  public double[][] losses() {
    return deepCopy(losses);
  }

  public int numObjectives() {
    return losses.length;
  }

  public int numSolutions() {
    return solutions.length;
  }

  /** min_j L_i(θ_j) for each objective i. */
  public double[] bestLoss() {
    double[] out = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      out[i] = losses[i][bestSolution(i)];
    }
    return out;
  }

  /** argmin_j L_i(θ_j) (the lowest index on ties). */
  public int bestSolution(int objective) {
    double[] row = losses[objective];
    int best = 0;
    for (int j = 1; j < row.length; j++) {
      if (row[j] < row[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Mean over objectives of the best solution's loss. */
  public double meanBestLoss() {
    double s = 0;
    for (double v : bestLoss()) {
      s += v;
    }
    return s / losses.length;
  }

  /** Max over objectives of the best solution's loss (the worst-served objective). */
  public double worstBestLoss() {
    double w = Double.NEGATIVE_INFINITY;
    for (double v : bestLoss()) {
      w = Math.max(w, v);
    }
    return w;
  }

  /** Σ_i Γ_ij for each solution j (1 for every j under MosT's uniform marginals). */
  public double[] columnMass() {
    double[] out = new double[solutions.length];
    for (double[] row : transport) {
      for (int j = 0; j < out.length; j++) {
        out[j] += row[j];
      }
    }
    return out;
  }

  /**
   * For each solution j, how many objectives send at least {@code share} of their own transport
   * mass to it (Γ_ij / Σ_k Γ_ik ≥ share); with share ≥ 0.5 an objective counts for at most one
   * solution, so zero here means solution j serves no objective (collapse).
   */
  public int[] assignedObjectives(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("most result: share must be in (0, 1], got " + share);
    }
    int[] out = new int[solutions.length];
    for (double[] row : transport) {
      double total = 0;
      for (double v : row) {
        total += v;
      }
      for (int j = 0; j < row.length; j++) {
        if (total > 0 && row[j] / total >= share) {
          out[j]++;
        }
      }
    }
    return out;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
