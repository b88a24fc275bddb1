package org.probity.cli.spec;

import java.util.List;

/**
 * {@code federated.partition}: how the rows of the data become clients. {@code natural} keeps the
 * clients the data came with (its client-id column: silos, LEAF users, Synthetic(α, β) devices);
 * the others deal the rows to {@code clients} clients: {@code iid} uniformly, {@code dirichlet}
 * with Dir(α) label proportions per class (Hsu et al. 2019), {@code quantity} with Dir(β) client
 * sizes (Li et al. 2022), {@code shards} as FedAvg's pathological split (sorted by label, cut into
 * shards, {@code shards_per_client} each). Settings a kind does not use are null.
 */
public record PartitionSection(String kind, Integer clients, Double alpha, Double beta, Integer shardsPerClient) {
  public static final List<String> KINDS = List.of("natural", "iid", "dirichlet", "quantity", "shards");
  public static final PartitionSection NATURAL = new PartitionSection("natural", null, null, null, null);

  /** A short label for summaries: "natural", "dirichlet(clients=20, alpha=0.5)". */
  public String label() {
    return switch (kind) {
      case "iid" -> "iid(clients=" + clients + ")";
      case "dirichlet" -> "dirichlet(clients=" + clients + ", alpha=" + Section.plain(alpha) + ")";
      case "quantity" -> "quantity(clients=" + clients + ", beta=" + Section.plain(beta) + ")";
      case "shards" -> "shards(clients=" + clients + ", shards_per_client=" + shardsPerClient + ")";
      default -> kind;
    };
  }
}
