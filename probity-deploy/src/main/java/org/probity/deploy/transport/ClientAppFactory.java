package org.probity.deploy.transport;

import org.probity.federated.ClientApp;

/**
 * Turns the recipe a server hands out at registration into the site's {@link ClientApp}, so that
 * the server decides how every site trains (model spec, local epochs, optimiser) and a site only
 * contributes its data. The recipe's format is the deployer's choice (the CLI ships the spec's
 * YAML); tests may ignore it.
 */
@FunctionalInterface
public interface ClientAppFactory {
  ClientApp create(byte[] recipe);
}
