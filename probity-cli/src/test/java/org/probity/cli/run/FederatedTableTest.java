package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.federated.metrics.ClientDistribution;

/** The printed federated table: columns, number formats, "-" for an absent baseline, alignment. */
class FederatedTableTest {
  @Test
  void rowsAreAlignedAndFormatted() {
    ClientDistribution local = ClientDistribution.of(new double[] {0.9, 0.8, 1.0});
    ClientDistribution avg = ClientDistribution.of(new double[] {0.5, 0.6, 0.7});
    String table = FederatedTable.format(List.of(
        new FederatedRunner.StrategyOutcome("local", "local", local, 0.0, null, 0, 0, 0.43),
        new FederatedRunner.StrategyOutcome("fedavg-long", "fedavg", avg, null, 1.0, 760_000, 760_000, 12.25)));
    String expected = String.join("\n",
        "strategy     kind    mean acc  worst 10%     std  hurt vs fedavg  hurt vs local  MB up+down  seconds",
        "local        local     0.9000     0.8000  0.0816          0.0000              -        0.00      0.4",
        "fedavg-long  fedavg    0.6000     0.5000  0.0816               -         1.0000        1.52     12.3",
        "");
    assertEquals(expected, table);
  }
}
