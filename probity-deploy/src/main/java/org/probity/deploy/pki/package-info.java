/**
 * Provisioning for a real federation (issue 7 §1), after NVIDIA FLARE's startup kits: one offline
 * certificate authority per federation, and one folder ("kit") per site and for the server holding
 * its certificate, private key, the CA certificate, the current revocation list and a kit.yaml.
 * BouncyCastle builds the certificates and CRLs and reads/writes PEM; it is never registered as a
 * JCE provider, so all cryptography runs on the JDK's own providers.
 */
package org.probity.deploy.pki;
