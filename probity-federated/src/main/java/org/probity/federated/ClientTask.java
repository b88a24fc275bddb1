package org.probity.federated;

import java.util.concurrent.Callable;

/** One client's work in a round, as a backend runs it: the client id (for logs, faults and ordering) and the call. */
public record ClientTask<R>(int clientId, Callable<R> call) {}
