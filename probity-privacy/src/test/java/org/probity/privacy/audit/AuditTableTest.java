package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class AuditTableTest {
  private static Roc gaussianRoc(int m, int n, long seed) {
    Rng rng = new Rng(seed);
    double[] mem = new double[m];
    double[] non = new double[n];
    for (int i = 0; i < m; i++) {
      mem[i] = 1.5 + rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      non[i] = rng.nextGaussian();
    }
    return Roc.of(mem, non);
  }

  private static void assertRow(String text, String name, double value) {
    String shown = String.format(Locale.ROOT, "%.4f", value);
    assertTrue(text.lines().anyMatch(l -> l.startsWith(name) && l.substring(name.length()).strip().startsWith(shown)),
        name + " " + shown + " in\n" + text);
  }

  @Test
  void tableShowsTheMetricsOfTheRoc() {
    Roc roc = gaussianRoc(1200, 1500, 3);
    AuditTable t = AuditTable.of(roc, 1e-5, 0.95, 100, new Rng(8));
    String text = t.toString();
    assertEquals(roc.auroc(), t.auroc());
    assertTrue(text.contains("1200 members, 1500 non-members"), text);
    assertRow(text, "AUROC", roc.auroc());
    for (AuditTable.Row r : t.rows()) {
      assertEquals(roc.tprAtFpr(r.fpr()), r.tpr());
      assertTrue(r.interval().low() <= r.interval().high());
    }
    assertRow(text, "TPR at 0.1% FPR", roc.tprAtFpr(0.001));
    assertRow(text, "TPR at 1% FPR", roc.tprAtFpr(0.01));
    double eps = EmpiricalEpsilon.best(roc, 1e-5, 0.95).epsilon();
    assertTrue(eps > 0);
    assertRow(text, "ε lower bound (δ = 1e-05)", eps);
    // The same seed gives the same table.
    assertEquals(text, AuditTable.of(roc, 1e-5, 0.95, 100, new Rng(8)).toString());
  }

  @Test
  void anFprTooLowForTheNonMembersIsShownAsNotMeasured() {
    Roc roc = gaussianRoc(300, 300, 4);
    AuditTable t = AuditTable.of(roc, 1e-5, 0.95, 50, new Rng(1));
    assertTrue(Double.isNaN(t.rows().get(0).tpr()));
    assertNull(t.rows().get(0).interval());
    assertEquals(roc.tprAtFpr(0.01), t.rows().get(1).tpr());
    assertTrue(t.toString().contains("needs at least 1000 non-members, got 300"), t.toString());
  }

  @Test
  void refusesBadInput() {
    Roc roc = gaussianRoc(100, 100, 5);
    assertThrows(IllegalArgumentException.class, () -> AuditTable.of(null, 1e-5, 0.95, 50, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> AuditTable.of(roc, 1e-5, 0.95, 50, null));
    assertThrows(IllegalArgumentException.class, () -> AuditTable.of(roc, 1e-5, 0.95, 1, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> AuditTable.of(roc, -1, 0.95, 50, new Rng(1)));
  }
}
