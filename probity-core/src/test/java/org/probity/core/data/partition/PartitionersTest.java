package org.probity.core.data.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class PartitionersTest {

  /** Mean over clients of the total-variation distance from the client's to the global label mix. */
  private static double meanTv(Partition p) {
    Dataset d = p.dataset();
    int k = d.numClasses();
    double[] global = new double[k];
    for (int y : d.labels()) {
      global[y] += 1.0 / d.size();
    }
    double sum = 0;
    for (int c = 0; c < p.numClients(); c++) {
      int[] ys = p.clientData(c).labels();
      double[] local = new double[k];
      for (int y : ys) {
        local[y] += 1.0 / ys.length;
      }
      double tv = 0;
      for (int j = 0; j < k; j++) {
        tv += Math.abs(local[j] - global[j]);
      }
      sum += tv / 2;
    }
    return sum / p.numClients();
  }

  @Test
  void dirichletSkewGrowsAsAlphaShrinks() {
    Dataset d = Fixtures.labelled(3000, 10, 1);
    for (long seed = 0; seed < 3; seed++) {
      double skewed = meanTv(new DirichletLabelSkew(10, 0.05, 0, 1).partition(d, new Rng(seed)));
      double mild = meanTv(new DirichletLabelSkew(10, 1.0, 0, 1).partition(d, new Rng(seed)));
      double flat = meanTv(new DirichletLabelSkew(10, 1000, 0, 1).partition(d, new Rng(seed)));
      assertTrue(skewed > 0.55, "alpha 0.05: mean TV " + skewed);
      assertTrue(flat < 0.08, "alpha 1000: mean TV " + flat);
      assertTrue(skewed > mild && mild > flat, skewed + " > " + mild + " > " + flat);
    }
    double iid = meanTv(new IidPartitioner(10).partition(d, new Rng(3)));
    assertTrue(iid < 0.12, "iid: mean TV " + iid);
  }

  @Test
  void dirichletRetriesUntilMinSize() {
    Dataset d = Fixtures.labelled(1000, 10, 2);
    Partition p = new DirichletLabelSkew(10, 0.5, 20, 200).partition(d, new Rng(4));
    assertEquals(10, p.numClients());
    for (int s : p.sizes()) {
      assertTrue(s >= 20, "size " + s);
    }
    assertTrue(p.warnings().isEmpty(), p.warnings().toString());
  }

  @Test
  void dirichletImpossibleMinSizeWarns() {
    Dataset d = Fixtures.labelled(30, 3, 2);
    Partition p = new DirichletLabelSkew(5, 1.0, 50, 3).partition(d, new Rng(4));
    assertTrue(p.warnings().get(0).contains("no draw in 3 attempts"), p.warnings().toString());
    assertTrue(p.warnings().get(0).contains("'fixture'"));
  }

  @Test
  void emptyClientsAreDroppedWithNamedWarnings() {
    Dataset d = Fixtures.labelled(3, 2, 5);
    Partition p = new IidPartitioner(5).partition(d, new Rng(1));
    assertEquals(3, p.numClients());
    assertEquals(2, p.warnings().size());
    int[] kept = p.sourceIds();
    for (int id = 0; id < 5; id++) {
      boolean isKept = false;
      for (int k : kept) {
        isKept |= k == id;
      }
      boolean warned = false;
      for (String w : p.warnings()) {
        warned |= w.contains("client " + id + " got no rows");
      }
      assertEquals(!isKept, warned, "client " + id + " warnings " + p.warnings());
    }

    Partition explicit = Partition.of(d, "manual", new int[][] {{0, 2}, {}, {1}}, new int[] {7, 8, 9}, List.of());
    assertArrayEquals(new int[] {7, 9}, explicit.sourceIds());
    assertEquals(List.of("partition manual of 'fixture': client 8 got no rows and was dropped"), explicit.warnings());
    assertArrayEquals(new int[] {0, 1, 0}, explicit.toClientIds());
  }

  @Test
  void explicitPartitionRejectsDuplicatesAndOutOfRange() {
    Dataset d = Fixtures.labelled(4, 2, 5);
    assertThrows(IllegalArgumentException.class,
        () -> Partition.of(d, "m", new int[][] {{0, 1}, {1}}, new int[] {0, 1}, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Partition.of(d, "m", new int[][] {{4}}, new int[] {0}, List.of()));
  }

  @Test
  void naturalPartitionFollowsTheClientColumn() {
    Dataset base = Fixtures.labelled(9, 3, 3);
    int[] col = {5, 0, 5, 2, 0, 0, 2, 5, 5};
    Partition p = new NaturalPartitioner().partition(base.withClients(col), new Rng(0));
    assertArrayEquals(new int[] {0, 2, 5}, p.sourceIds());
    assertArrayEquals(new int[] {1, 4, 5}, p.rows(0));
    assertArrayEquals(new int[] {3, 6}, p.rows(1));
    assertArrayEquals(new int[] {0, 2, 7, 8}, p.rows(2));
    int[] dense = p.toClientIds();
    for (int i = 0; i < col.length; i++) {
      assertEquals(col[i], p.sourceId(dense[i]));
    }
    Dataset c2 = p.clientData(2);
    assertArrayEquals(new int[] {2, 2, 2, 2}, c2.clients());
    assertArrayEquals(new int[] {0, 2, 7, 8}, Fixtures.rowIds(c2));
    assertTrue(p.warnings().isEmpty());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NaturalPartitioner().partition(base.named("wine"), new Rng(0)));
    assertTrue(e.getMessage().contains("'wine'") && e.getMessage().contains("client-id column"), e.getMessage());
  }

  @Test
  void shardsGiveFewClassesPerClient() {
    // 10 classes x 40 rows; 20 clients x 2 shards of 10 rows: every shard is one class.
    int n = 400;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
    }
    Dataset d = Fixtures.labelled(n, 10, 0).withLabels(y);
    Partition p = new ShardPartitioner(20, 2).partition(d, new Rng(9));
    assertEquals(20, p.numClients());
    for (int[] counts : p.labelCounts()) {
      int distinct = 0;
      int total = 0;
      for (int v : counts) {
        distinct += v > 0 ? 1 : 0;
        total += v;
      }
      assertTrue(distinct <= 2, "classes " + distinct);
      assertEquals(20, total);
    }
  }

  @Test
  void quantitySkewControlsSizesNotLabels() {
    Dataset d = Fixtures.labelled(1000, 4, 8);
    int[] equal = QuantitySkew.lognormal(7, 0).partition(d, new Rng(1)).sizes();
    for (int s : equal) {
      assertTrue(s == 142 || s == 143, "size " + s);
    }
    double maxShare = 0;
    for (long seed = 0; seed < 5; seed++) {
      Partition p = QuantitySkew.dirichlet(10, 0.1).partition(d, new Rng(seed));
      int max = 0;
      for (int s : p.sizes()) {
        max = Math.max(max, s);
      }
      maxShare += max / 1000.0 / 5;
    }
    assertTrue(maxShare > 0.4, "mean largest share " + maxShare);
    Partition flat = QuantitySkew.dirichlet(10, 1000).partition(d, new Rng(2));
    for (int s : flat.sizes()) {
      assertTrue(Math.abs(s - 100) < 25, "size " + s);
    }
    assertFalse(flat.warnings().iterator().hasNext());
  }

  @Test
  void badParametersFailClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirichletLabelSkew(4, 0));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IidPartitioner(0));
    assertThrows(IllegalArgumentException.class, () -> QuantitySkew.lognormal(3, -1));
    assertThrows(IllegalArgumentException.class, () -> new ShardPartitioner(3, 0));
    Dataset reg = Dataset.regression("reg", Fixtures.labelled(5, 2, 0).features(),
        Fixtures.labelled(5, 2, 0).features());
    e = assertThrows(IllegalArgumentException.class, () -> new DirichletLabelSkew(2, 1).partition(reg, new Rng(0)));
    assertTrue(e.getMessage().contains("'reg'"), e.getMessage());
  }
}
