/**
 * Real cross-silo federations (issue 7): a certificate authority and per-site kits, a gRPC server
 * and pulling clients over mutual TLS, durable rounds, and secure aggregation. The round loop,
 * strategies and client apps are probity-federated's own, so a deployment and a simulation of the
 * same spec and seed compute the same thing.
 */
package org.probity.deploy;
