package org.probity.spark;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.federated.InMemoryStateStore;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * The executor side of one pass (a round's fit or evaluation), run on one partition of clients
 * zipped with the same partition of their states: it rebuilds the client app from its recipe,
 * loads the partition's states into a task-local store, runs the sampled clients in id order with
 * exactly the context the in-process simulation builds (the stream
 * {@code new Rng(seed).derive("client").derive(round).derive(id).derive(phase).derive(attempt)}),
 * and emits their replies — or, for a client that throws, its id and the cause — followed by every
 * client's state, so that state never leaves the executors.
 */
final class ClientPass implements FlatMapFunction2<Iterator<ClientRecord>, Iterator<PassRow>, PassRow> {
  private static final long serialVersionUID = 1L;

  private final ClientAppFactory factory;
  private final Broadcast<PassPlan> plan;
  private final long seed;

  ClientPass(ClientAppFactory factory, Broadcast<PassPlan> plan, long seed) {
    this.factory = factory;
    this.plan = plan;
    this.seed = seed;
  }

  @Override
  public Iterator<PassRow> call(Iterator<ClientRecord> clients, Iterator<PassRow> states) {
    InMemoryStateStore store = new InMemoryStateStore();
    while (states.hasNext()) {
      PassRow s = states.next();
      store.put(s.clientId, decodeState(s.state));
    }
    PassPlan p = plan.value();
    String phase = p.fit ? "fit" : "evaluate";
    Params[] globals = new Params[p.globals.length];
    ClientApp app = null;
    List<PassRow> out = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    Rng root = new Rng(seed);
    while (clients.hasNext()) {
      ClientRecord c = clients.next();
      int id = c.clientId();
      ids.add(id);
      PassPlan.Instruction in = p.work.get(id);
      if (in == null) {
        continue;
      }
      try {
        if (app == null) {
          app = factory.create();
        }
        if (globals[in.global()] == null) {
          globals[in.global()] = p.globals[in.global()].toParams();
        }
        Rng rng = root.derive("client").derive(in.round()).derive(id).derive(phase).derive(p.attempt);
        ClientContext ctx = new ClientContext(id, in.round(), c.data().toClientData(), rng, store);
        if (p.fit) {
          FitReply r = app.fit(new FitInstruction(id, in.round(), globals[in.global()], in.toConfig()), ctx);
          if (r.clientId() != id) {
            throw new IllegalStateException("client " + id + " replied as client " + r.clientId());
          }
          out.add(PassRow.fit(r));
        } else {
          EvaluateReply r = app.evaluate(new EvaluateInstruction(id, in.round(), globals[in.global()],
              in.toConfig()), ctx);
          out.add(PassRow.evaluate(r));
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        out.add(PassRow.error(id, describe(e)));
      }
    }
    for (int id : ids) {
      Optional<Object> s = store.get(id);
      if (s.isPresent()) {
        out.add(PassRow.state(id, encodeState(id, s.get())));
      }
    }
    return out.iterator();
  }

  /** The cause and its stack trace on the executor, for the driver's message. */
  private static String describe(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** Params (personal models, silo ledgers) in wire form; other states must be serializable themselves. */
  private static Serializable encodeState(int clientId, Object state) {
    if (state instanceof Params p) {
      return WireParams.of(p, false);
    }
    if (state instanceof Serializable s) {
      return s;
    }
    throw new IllegalStateException("spark federation: client " + clientId + " stored state of type "
        + state.getClass().getName() + ", which is neither Params nor Serializable and cannot stay on the executors");
  }

  private static Object decodeState(Serializable state) {
    return state instanceof WireParams w ? w.toParams() : state;
  }
}
