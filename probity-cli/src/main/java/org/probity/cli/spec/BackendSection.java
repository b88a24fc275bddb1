package org.probity.cli.spec;

/**
 * {@code federated.backend}: where a federated simulation runs. {@code inprocess} (the default) is
 * this JVM's worker threads; {@code spark} is probity-spark's engine on a Spark {@code master}
 * ({@code local[*]} by default, any master URL a cluster gives, e.g. {@code spark://host:7077}),
 * with the clients' data spread over {@code partitions} (null: the context's parallelism). Both give
 * the same numbers for the same spec and seed.
 */
public record BackendSection(String kind, String master, Integer partitions) {
  public static final BackendSection IN_PROCESS = new BackendSection("inprocess", null, null);
  public static final java.util.List<String> KINDS = java.util.List.of("inprocess", "spark");

  public boolean spark() {
    return kind.equals("spark");
  }
}
