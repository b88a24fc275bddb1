/**
 * The network half of a real cross-silo federation: a gRPC server ({@link
 * org.probity.deploy.transport.FederationServer}) that runs probity-federated's own round loop and
 * strategies, and pulling clients ({@link org.probity.deploy.transport.FederationClient}) that run
 * the same {@link org.probity.federated.ClientApp} on their own data, so that a deployment and a
 * simulation of the same setup end with the same parameters. Messages are a small versioned binary
 * codec ({@link org.probity.deploy.transport.Wire}, {@link org.probity.deploy.transport.Messages});
 * parameters travel as checksummed chunks ({@link org.probity.deploy.transport.ParamsWire}); the
 * server checkpoints every round ({@link org.probity.deploy.transport.ServerCheckpoint}). TLS
 * contexts and peer identity come from {@code org.probity.deploy.tls}. With secure aggregation
 * ({@code SecureAggregation}, {@link org.probity.deploy.secagg.SecureFedAvg})
 * sites keep their updates and the server receives only masked vectors and their sum.
 */
package org.probity.deploy.transport;
