package org.probity.federated.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * A private silo's client state: its personal model (if its strategy keeps one) and its
 * {@link SiloLedger}, stored together as one {@link Params} — the ledger under the reserved name
 * {@link #LEDGER} — so that every state store, including one that spills Params to disk as
 * safetensors, keeps both. Without privacy the state stays the bare personal Params it always was.
 */
public final class SiloState {
  /** The reserved parameter name of the encoded ledger; no model parameter is named like it. */
  public static final String LEDGER = "__dp__/ledger";

  private SiloState() {}

  /** The state to store: the personal model alone without a ledger, else both as one Params. */
  public static Object of(Params personal, SiloLedger ledger) {
    if (ledger == null) {
      if (personal == null) {
        throw new IllegalArgumentException("silo state: nothing to store (no personal model and no ledger)");
      }
      return personal;
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    if (personal != null) {
      if (personal.byName().containsKey(LEDGER)) {
        throw new IllegalArgumentException("silo state: the personal model already has a parameter named " + LEDGER);
      }
      m.putAll(personal.byName());
    }
    m.put(LEDGER, ledger.encode());
    return new Params(m);
  }

  /** The personal model in {@code state} (a state written by {@link #of} or a bare Params), or null. */
  public static Params personal(Object state) {
    if (state == null) {
      return null;
    }
    if (!(state instanceof Params p)) {
      throw new IllegalArgumentException("silo state: expected Params, got " + state.getClass().getSimpleName());
    }
    if (!p.byName().containsKey(LEDGER)) {
      return p;
    }
    if (p.byName().size() == 1) {
      return null;
    }
    Map<String, Tensor> m = new LinkedHashMap<>(p.byName());
    m.remove(LEDGER);
    return new Params(m);
  }

  /** The ledger in {@code state}, or null when it holds none. */
  public static SiloLedger ledger(Object state) {
    if (state instanceof Params p && p.byName().containsKey(LEDGER)) {
      return SiloLedger.decode(p.get(LEDGER));
    }
    return null;
  }
}
