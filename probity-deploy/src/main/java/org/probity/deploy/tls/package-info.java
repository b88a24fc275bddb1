/**
 * Mutual TLS for the federation's gRPC transport (issue 7 §4): Netty SSL contexts for the server
 * and the sites built from their kits, a trust manager that admits only certificates from the
 * federation CA that are not on its CRL (refusals are logged), and a gRPC interceptor that hands
 * the verified site name to service code. JDK TLS provider only (no tcnative, no BouncyCastle JSSE).
 */
package org.probity.deploy.tls;
