package org.probity.federated;

import java.util.List;
import org.probity.core.optim.GradientTransform;
import org.probity.core.optim.Transforms;
import org.probity.core.optim.Update;
import org.probity.tensor.nn.Params;

/**
 * Adaptive federated optimisation (Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan,
 * ICLR 2021): the server treats Δ = w − avg_k w_k (example-weighted, as FedAvg) as a pseudo-gradient
 * and steps with an optimiser, here any of core's {@link GradientTransform} chains. SGD with rate 1
 * is FedAvg; momentum is FedAvgM; Adam, Yogi and Adagrad give FedAdam, FedYogi and FedAdagrad.
 */
public class FedOpt extends FedAvg {
  private final String name;
  private final GradientTransform<Object> serverOptimizer;
  private Object state;

  @SuppressWarnings("unchecked")
  public FedOpt(String name, ClientSampler fitSampler, GradientTransform<?> serverOptimizer) {
    super(fitSampler);
    this.name = name;
    this.serverOptimizer = (GradientTransform<Object>) serverOptimizer;
  }

  @Override
  public String name() {
    return name;
  }
  /** The server optimiser's moments are not checkpointed yet, so a restart would silently reset them. */
  @Override
  public boolean resumable() {
    return false;
  }


  @Override
  public void initialize(Params initial) {
    state = serverOptimizer.init(initial);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    if (state == null) {
      initialize(global);
    }
    Params avg = weightedAverage(replies);
    Params pseudoGrad = ParamMath.sub(global, avg);
    Params next = ParamMath.copy(global);
    Update<Object> u = serverOptimizer.update(pseudoGrad, state, next);
    state = u.state();
    Transforms.applyUpdates(next, u.updates());
    return next;
  }
}
