package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.federated.metrics.ClientDistribution;

/**
 * The printed federated table: columns, number formats, "-" for an absent baseline or appeal,
 * alignment, and a worst-group column only when the data has groups.
 */
class FederatedTableTest {
  private static final ClientDistribution LOCAL = ClientDistribution.of(new double[] {0.9, 0.8, 1.0});
  private static final ClientDistribution AVG = ClientDistribution.of(new double[] {0.5, 0.6, 0.7});

  @Test
  void rowsAreAlignedAndFormatted() {
    String table = FederatedTable.format(List.of(
        new FederatedRunner.StrategyOutcome("local", "local", LOCAL, 0.0, null, null, Double.NaN, 0, 0, 0.43, null),
        new FederatedRunner.StrategyOutcome("fedavg-long", "fedavg", AVG, null, 1.0, 0.0, Double.NaN, 760_000,
            760_000, 12.25, null)));
    String expected = String.join("\n",
        "strategy     kind    mean acc  worst client  worst 10%     std  appeal  hurt vs fedavg  hurt vs local"
            + "  MB up+down  seconds",
        "local        local     0.9000        0.8000     0.8000  0.0816       -          0.0000              -"
            + "        0.00      0.4",
        "fedavg-long  fedavg    0.6000        0.5000     0.5000  0.0816  0.0000               -         1.0000"
            + "        1.52     12.3",
        "");
    assertEquals(expected, table);
  }

  @Test
  void groupedDataAddsTheWorstGroupColumn() {
    String table = FederatedTable.format(List.of(
        new FederatedRunner.StrategyOutcome("fedavg", "fedavg", AVG, null, null, null, 0.25, 0, 0, 1.0, null)));
    String expected = String.join("\n",
        "strategy  kind    mean acc  worst client  worst 10%     std  worst group  appeal  hurt vs fedavg"
            + "  hurt vs local  MB up+down  seconds",
        "fedavg    fedavg    0.6000        0.5000     0.5000  0.0816       0.2500       -               -"
            + "              -        0.00      1.0",
        "");
    assertEquals(expected, table);
  }
}
