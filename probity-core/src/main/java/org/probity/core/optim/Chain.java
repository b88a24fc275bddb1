package org.probity.core.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.probity.tensor.nn.Params;

/**
 * Links applied in sequence, each to the previous one's output (Optax's {@code chain}). The state
 * is the list of the links' states in the same order: an unmodifiable value, fresh every step, so
 * it can be kept per federated client and handed back later.
 */
public final class Chain implements GradientTransform<List<Object>> {
  private static final String OP = "chain";
  private final List<GradientTransform<Object>> links;

  @SuppressWarnings("unchecked")
  Chain(GradientTransform<?>... links) {
    Checks.notNull(OP, "links", links);
    List<GradientTransform<Object>> l = new ArrayList<>(links.length);
    for (int i = 0; i < links.length; i++) {
      l.add((GradientTransform<Object>) Checks.notNull(OP, "links[" + i + "]", links[i]));
    }
    this.links = Collections.unmodifiableList(l);
  }

  /** The links, in order. */
  public List<GradientTransform<Object>> links() {
    return links;
  }

  @Override
  public List<Object> init(Params params) {
    List<Object> states = new ArrayList<>(links.size());
    for (GradientTransform<Object> link : links) {
      states.add(link.init(params));
    }
    return Collections.unmodifiableList(states);
  }

  @Override
  public Update<List<Object>> update(Params updates, List<Object> state, Params params) {
    Checks.notNull(OP, "state", state);
    if (state.size() != links.size()) {
      throw new IllegalArgumentException(OP + ": state has " + state.size() + " entries for " + links.size()
          + " links; was it made by a different optimiser?");
    }
    List<Object> next = new ArrayList<>(links.size());
    Params u = Checks.notNull(OP, "updates", updates);
    for (int i = 0; i < links.size(); i++) {
      Update<Object> r = links.get(i).update(u, state.get(i), params);
      u = r.updates();
      next.add(r.state());
    }
    return new Update<>(u, Collections.unmodifiableList(next));
  }
}
