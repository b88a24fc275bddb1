package org.probity.federated;

/**
 * The client half of a federated algorithm (Flower's {@code ClientApp}): train from the global
 * parameters and reply, or evaluate them. No transport here: the in-process backend calls these
 * methods directly, and a network backend will call the same code after decoding messages.
 */
public interface ClientApp {
  FitReply fit(FitInstruction in, ClientContext ctx);

  EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx);
}
