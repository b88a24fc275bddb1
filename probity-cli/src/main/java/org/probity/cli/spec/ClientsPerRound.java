package org.probity.cli.spec;

import java.util.Map;

/**
 * {@code federated.clients_per_round}: which clients train in a round. {@code all} (cross-silo:
 * every client, every round), a fixed count n drawn without replacement (FedAvg's K), a
 * {@code {fraction: C}} of the clients (FedAvg's C, at least one), or {@code {poisson: q}}: each
 * client independently with probability q, the sampling DP-FedAvg's accounting assumes.
 *
 * @param kind all, count, fraction or poisson
 * @param count the number of clients for kind count (0 otherwise)
 * @param rate the fraction or probability for kinds fraction and poisson (0 otherwise)
 */
public record ClientsPerRound(String kind, int count, double rate) {
  public static final ClientsPerRound ALL = new ClientsPerRound("all", 0, 0);

  public static ClientsPerRound count(int n) {
    return new ClientsPerRound("count", n, 0);
  }

  /** How it reads in a summary or table: "all", "5", "fraction 0.1", "poisson 0.1". */
  public String label() {
    return switch (kind) {
      case "count" -> Integer.toString(count);
      case "fraction", "poisson" -> kind + " " + Section.plain(rate);
      default -> kind;
    };
  }

  /** As the spec writes it: {@code all}, {@code 5}, {@code {fraction: 0.1}} or {@code {poisson: 0.1}}. */
  public Object yaml() {
    return switch (kind) {
      case "count" -> count;
      case "fraction", "poisson" -> Map.of(kind, rate);
      default -> kind;
    };
  }
}
