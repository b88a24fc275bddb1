package org.probity.federated;

import org.probity.tensor.nn.Params;

/**
 * The server's message asking one client to train from the global parameters in one round (Flower's
 * {@code FitIns}). The global parameters are shared read-only between all clients of a round: a
 * client copies them into its own model and never writes to them.
 */
public record FitInstruction(int clientId, int round, Params global, Config config) {
  public FitInstruction withConfig(Config newConfig) {
    return new FitInstruction(clientId, round, global, newConfig);
  }
}
