package org.probity.privacy.repro;

/**
 * One trained setting of one method in a private comparison: its name, the hyper-parameters in
 * words, accuracy on the validation split (used to choose) and on the test split (reported), and
 * the ε the accountant gave for the run.
 */
record Trial(String method, String setting, double validation, double test, double epsilon) {
  /** The trial with the highest validation accuracy (the first on ties: grids list defaults first). */
  static Trial best(Iterable<Trial> trials) {
    Trial best = null;
    for (Trial t : trials) {
      if (best == null || t.validation() > best.validation()) {
        best = t;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("trial selection: no trials");
    }
    return best;
  }
}
