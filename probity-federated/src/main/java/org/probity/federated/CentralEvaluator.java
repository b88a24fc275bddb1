package org.probity.federated;

import java.util.Map;
import org.probity.tensor.nn.Params;

/**
 * Server-side evaluation of the global model on data the server holds, after Flower's
 * {@code evaluate_fn}: a held-out set that never leaves the server measures the one model the
 * federation produced, next to the clients' own (federated) evaluation. The {@link Federation}
 * calls it in evaluated rounds, and only for strategies with a global model
 * ({@link Strategy#hasGlobalModel()}), since a bank of personal or clustered models has no single
 * model to measure.
 */
public interface CentralEvaluator {
  /** Metrics of {@code global} after round {@code round}: at least "loss", and "accuracy" for classification. */
  Map<String, Double> evaluate(int round, Params global);
}
