package org.probity.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitReply;

/**
 * One row of a pass over the clients (a round's fit or evaluation): a fit reply, an evaluation
 * reply, a client's failure (its id and the cause, as text with the executor's stack trace), or a
 * client's state after the pass. Replies and failures go to the driver; state rows stay on the
 * executors and become the next pass's state. A fit row may carry no parameters (a summary for the
 * tree-aggregated path, which leaves the parameters where they are).
 */
final class PassRow implements Serializable {
  private static final long serialVersionUID = 1L;

  static final byte FIT = 0;
  static final byte EVALUATE = 1;
  static final byte ERROR = 2;
  static final byte STATE = 3;

  final byte kind;
  final int clientId;
  final WireParams params;
  final int numExamples;
  final double loss;
  final LinkedHashMap<String, Double> metrics;
  final String error;
  final Serializable state;
  /** For summaries: the reply's parameter count and whether all were finite. */
  final long count;
  final boolean finite;

  private PassRow(byte kind, int clientId, WireParams params, int numExamples, double loss,
      Map<String, Double> metrics, String error, Serializable state, long count, boolean finite) {
    this.kind = kind;
    this.clientId = clientId;
    this.params = params;
    this.numExamples = numExamples;
    this.loss = loss;
    this.metrics = metrics == null ? null : new LinkedHashMap<>(metrics);
    this.error = error;
    this.state = state;
    this.count = count;
    this.finite = finite;
  }

  static PassRow fit(FitReply r) {
    WireParams p = WireParams.of(r.params(), false);
    return new PassRow(FIT, r.clientId(), p, r.numExamples(), Double.NaN, r.metrics(), null, null, p.count(),
        p.allFinite());
  }

  static PassRow evaluate(EvaluateReply r) {
    return new PassRow(EVALUATE, r.clientId(), null, r.numExamples(), r.loss(), r.metrics(), null, null, 0, true);
  }

  static PassRow error(int clientId, String error) {
    return new PassRow(ERROR, clientId, null, 0, Double.NaN, null, error, null, 0, true);
  }

  static PassRow state(int clientId, Serializable state) {
    return new PassRow(STATE, clientId, null, 0, Double.NaN, null, null, state, 0, true);
  }

  /** This row without its parameters (what the driver needs to count and weigh a fit reply). */
  PassRow summary() {
    return kind != FIT ? this
        : new PassRow(FIT, clientId, null, numExamples, loss, metrics, null, null, count, finite);
  }

  FitReply toFitReply() {
    return new FitReply(clientId, params.toParams(), numExamples, metrics);
  }

  EvaluateReply toEvaluateReply() {
    return new EvaluateReply(clientId, numExamples, loss, metrics);
  }
}
