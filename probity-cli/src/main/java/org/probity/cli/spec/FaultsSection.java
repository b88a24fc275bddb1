package org.probity.cli.spec;

/**
 * {@code federated.faults}: simulated unreliability of the clients (Bonawitz et al. 2019): each
 * sampled client drops out with probability {@code dropout}, otherwise takes a simulated time
 * drawn from an exponential with mean {@code meanLatencyMs} and misses the round when that exceeds
 * {@code deadlineMs} (null: no deadline). Simulated, not measured, so the seed fixes who is lost.
 */
public record FaultsSection(double dropout, double meanLatencyMs, Double deadlineMs) {}
