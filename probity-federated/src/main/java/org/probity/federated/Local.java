package org.probity.federated;

import java.util.List;
import org.probity.tensor.nn.Params;

/**
 * Local training, the no-communication baseline of personalisation benchmarks (Motley, Wu et al.
 * 2022): every client trains its own model from the shared initialisation, kept in its state store,
 * and is evaluated with it on its own test split. The server never changes the global parameters;
 * {@link Config#LOCAL} tells the client to use its personal model.
 */
public final class Local extends Strategy {
  public Local() {
    super(ClientSampler.all(), ClientSampler.all());
  }

  @Override
  public String name() {
    return "local";
  }
  /** No server state beyond the global model: a restarted server continues exactly. */
  @Override
  public boolean resumable() {
    return true;
  }


  @Override
  protected Config fitConfig(int round) {
    return Config.empty().with(Config.LOCAL, true);
  }

  @Override
  protected Config evaluateConfig(int round) {
    return Config.empty().with(Config.LOCAL, true);
  }

  /** False: the carried parameters are only the shared initialisation; each client's model is its own. */
  @Override
  public boolean hasGlobalModel() {
    return false;
  }

  /** False: nothing leaves a client, so no bytes are counted. */
  @Override
  public boolean communicates() {
    return false;
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    return global;
  }
}
