package org.probity.core.repro.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.synthetic.MinorityMixture;
import org.probity.core.objective.GroupTilted;
import org.probity.core.objective.Mean;
import org.probity.core.objective.Tilted;
import org.probity.tensor.Rng;

class HierarchicalTiltTest {
  @Test
  void imbalanceKeepsTheRareClassAtTheGivenRatio() {
    Dataset d = MinorityMixture.generate(new MinorityMixture.Config(2000, 4, 2, 0.0, 3.0, 0.0, 0.0, 1.0), new Rng(2));
    Dataset cut = HierarchicalTilt.imbalance(d, 0.05);
    int common = 0;
    int rare = 0;
    for (int y : cut.labels()) {
      if (y == 0) {
        common++;
      } else {
        rare++;
      }
    }
    int commonBefore = 0;
    for (int y : d.labels()) {
      commonBefore += y == 0 ? 1 : 0;
    }
    assertEquals(commonBefore, common, "every common row is kept");
    assertEquals(Math.round(common * 0.05), rare);
  }

  @Test
  void priorRedrawIsAStochasticMatrixMixingTowardsThePrior() {
    Dataset d = MinorityMixture.generate(new MinorityMixture.Config(1000, 3, 2, 0.0, 3.0, 0.0, 0.0, 1.0), new Rng(4));
    d = HierarchicalTilt.imbalance(d, 0.1);
    double[][] t = HierarchicalTilt.priorRedraw(d, 0.5);
    double rareShare = 0;
    for (int y : d.labels()) {
      rareShare += y;
    }
    rareShare /= d.size();
    for (double[] row : t) {
      assertEquals(1.0, row[0] + row[1], 1e-12);
    }
    assertEquals(0.5 + 0.5 * (1 - rareShare), t[0][0], 1e-12);
    assertEquals(0.5 * (1 - rareShare), t[1][0], 1e-12, "a redrawn rare label mostly becomes common");
  }

  @Test
  void variantsAreTheTwoByTwoAblationOfOneObjective() {
    assertEquals(Mean.INSTANCE, HierarchicalTilt.objective("erm"));
    assertEquals(HierarchicalTilt.TILT, ((Tilted) HierarchicalTilt.objective("sample_tilt")).t());
    GroupTilted within = (GroupTilted) HierarchicalTilt.objective("within_tilt");
    GroupTilted across = (GroupTilted) HierarchicalTilt.objective("across_tilt");
    GroupTilted both = (GroupTilted) HierarchicalTilt.objective("hierarchical");
    assertEquals(0.0, within.tau());
    assertEquals(both.t(), within.t());
    assertEquals(0.0, across.t());
    assertEquals(both.tau(), across.tau());
    assertTrue(both.tau() > 0 && both.t() < 0);
  }
}
