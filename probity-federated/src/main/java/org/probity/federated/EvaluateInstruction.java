package org.probity.federated;

import org.probity.tensor.nn.Params;

/** The server's message asking one client to evaluate the global parameters on its own test data (Flower's {@code EvaluateIns}). */
public record EvaluateInstruction(int clientId, int round, Params global, Config config) {}
