package org.probity.core.data.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class PartitionPropertyTest {

  private static List<Partitioner> partitioners(int k, int alphaCode) {
    double alpha = new double[] {0.05, 0.5, 5, 500}[alphaCode];
    return List.of(new IidPartitioner(k), new DirichletLabelSkew(k, alpha), new DirichletLabelSkew(k, alpha, 0, 1),
        QuantitySkew.dirichlet(k, alpha), QuantitySkew.lognormal(k, alpha), new ShardPartitioner(k, 2));
  }

  @Property(tries = 60)
  void everyRowGoesToExactlyOneClient(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 25) int k, @ForAll @IntRange(min = 1, max = 6) int classes,
      @ForAll @IntRange(min = 0, max = 3) int alphaCode, @ForAll long seed) {
    Dataset d = Fixtures.labelled(n, classes, seed);
    for (Partitioner p : partitioners(k, alphaCode)) {
      Partition part = p.partition(d, new Rng(seed ^ 77));
      int[] hits = new int[n];
      int total = 0;
      for (int c = 0; c < part.numClients(); c++) {
        assertTrue(part.size(c) > 0, p + ": kept an empty client");
        int[] ids = Fixtures.rowIds(part.clientData(c));
        assertArrayEquals(part.rows(c), ids, p + ": clientData rows");
        for (int r : ids) {
          hits[r]++;
        }
        total += ids.length;
      }
      assertEquals(n, total, p.toString());
      int[] owner = part.toClientIds();
      for (int r = 0; r < n; r++) {
        assertEquals(1, hits[r], p + ": row " + r);
        assertTrue(owner[r] >= 0 && owner[r] < part.numClients());
      }
      // Every client that was dropped is named in a warning.
      int dropped = 0;
      for (String w : part.warnings()) {
        if (w.contains("got no rows and was dropped")) {
          dropped++;
        }
      }
      assertEquals(k, part.numClients() + dropped, p.toString());
    }
  }

  @Property(tries = 30)
  void sameSeedSamePartitionOtherSeedUsuallyDifferent(@ForAll @IntRange(min = 20, max = 200) int n,
      @ForAll @IntRange(min = 2, max = 10) int k, @ForAll @IntRange(min = 0, max = 3) int alphaCode,
      @ForAll long seed) {
    Dataset d = Fixtures.labelled(n, 4, seed);
    for (Partitioner p : partitioners(k, alphaCode)) {
      Partition a = p.partition(d, new Rng(seed));
      Partition b = p.partition(d, new Rng(seed));
      assertArrayEquals(a.toClientIds(), b.toClientIds(), p.toString());
      assertArrayEquals(a.sourceIds(), b.sourceIds(), p.toString());
      assertEquals(a.warnings(), b.warnings(), p.toString());
    }
  }

  @Property(tries = 40)
  void dirichletPreservesClassCounts(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 15) int k, @ForAll @IntRange(min = 0, max = 3) int alphaCode,
      @ForAll long seed) {
    Dataset d = Fixtures.labelled(n, 5, seed);
    Partition part = new DirichletLabelSkew(k, new double[] {0.05, 0.5, 5, 500}[alphaCode]).partition(d, new Rng(seed));
    int[] expected = new int[5];
    for (int y : d.labels()) {
      expected[y]++;
    }
    int[] got = new int[5];
    for (int c = 0; c < part.numClients(); c++) {
      for (int y : part.clientData(c).labels()) {
        got[y]++;
      }
    }
    assertArrayEquals(expected, got);
  }
}
