package org.probity.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode automatic differentiation by a per-thread tape. While a tape is active on a thread,
 * every operation whose inputs need gradients appends a node (output, inputs, backward rule);
 * {@link #backward(Tensor)} replays the nodes in reverse and accumulates gradients into the leaf
 * tensors created with {@code requiresGrad(true)}. Because the tape is thread-local, independent
 * models train at the same time in different threads without sharing any autograd state; this is
 * what lets one JVM simulate many federated clients.
 *
 * <pre>{@code
 * try (Tape tape = Tape.start()) {
 *   Tensor loss = model.forward(x).sub(y).square().mean();
 *   tape.backward(loss);              // or loss.backward()
 * }
 * }</pre>
 *
 * <p>A tape may carry a {@link PerExample} collector: layers that support per-example gradients
 * (Linear, Conv2d, Embedding, LayerNorm) then also write per-example gradients or their squared
 * norms during the same backward pass, as Opacus's grad samplers do.
 */
public final class Tape implements AutoCloseable {
  private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

  /** One recorded operation. */
  static final class Node {
    final String op;
    final Tensor output;
    final Tensor[] inputs;
    final BackwardFn backward;

    Node(String op, Tensor output, Tensor[] inputs, BackwardFn backward) {
      this.op = op;
      this.output = output;
      this.inputs = inputs;
      this.backward = backward;
    }
  }

  private final Tape previous;
  private final Thread owner;
  private final PerExample perExample;
  private final List<Node> nodes = new ArrayList<>();
  boolean paused;
  private boolean closed;

  private Tape(PerExample perExample) {
    this.previous = CURRENT.get();
    this.owner = Thread.currentThread();
    this.perExample = perExample;
  }

  /** Starts recording on the current thread; close the tape to stop. Tapes nest. */
  public static Tape start() {
    Tape t = new Tape(null);
    CURRENT.set(t);
    return t;
  }

  /** Starts recording with a per-example gradient collector. */
  public static Tape start(PerExample perExample) {
    if (perExample == null) {
      throw new IllegalArgumentException("perExample must not be null; use Tape.start() instead");
    }
    Tape t = new Tape(perExample);
    CURRENT.set(t);
    return t;
  }

  /** The tape recording on this thread, or null. */
  public static Tape current() {
    return CURRENT.get();
  }

  /** The per-example collector of this tape, or null when per-example gradients were not asked for. */
  public PerExample perExample() {
    return perExample;
  }

  /** Number of operations recorded so far (useful to check that no-grad scopes record nothing). */
  public int size() {
    return nodes.size();
  }

  /** True when an op with these inputs must be recorded on the current thread's tape. */
  public static boolean recording(Tensor... inputs) {
    Tape t = CURRENT.get();
    if (t == null || t.paused) {
      return false;
    }
    for (Tensor in : inputs) {
      if (in != null && t.tracks(in)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records an operation if the current tape tracks any of its inputs; returns {@code output}.
   * Op implementations call this once, after computing the output.
   *
   * @param op the op's name, used in error messages
   */
  public static Tensor record(String op, Tensor output, BackwardFn backward, Tensor... inputs) {
    Tape t = CURRENT.get();
    if (t == null || t.paused) {
      return output;
    }
    boolean any = false;
    for (Tensor in : inputs) {
      if (in != null && t.tracks(in)) {
        any = true;
        break;
      }
    }
    if (any) {
      Node n = new Node(op, output, inputs.clone(), backward);
      output.node = n;
      output.tape = t;
      t.nodes.add(n);
    }
    return output;
  }

  /** Whether gradients flow to {@code t} on this tape: a leaf that requires them, or a recorded output. */
  boolean tracks(Tensor t) {
    return t.requiresGrad() || (t.tape == this && t.node != null);
  }

  /**
   * Back-propagates from a scalar: accumulates d(loss)/d(leaf) into {@link Tensor#grad()} of every
   * leaf with {@code requiresGrad(true)} reached from {@code loss}. Gradients add up across calls
   * until {@link Tensor#zeroGrad()}. The recorded nodes are released afterwards.
   */
  public void backward(Tensor loss) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("backward: a tape is used only by the thread that started it");
    }
    if (loss.size() != 1) {
      throw new IllegalArgumentException("backward: loss must be a scalar, got shape " + loss.shape());
    }
    if (!tracks(loss)) {
      throw new IllegalStateException("backward: the loss was not computed on this tape from any tensor that requires gradients");
    }
    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    Tensor seed = Tensor.full(1f, loss.shape());
    if (loss.node == null || loss.tape != this) {
      loss.accumulateGrad(seed);
      nodes.clear();
      return;
    }
    grads.put(loss, seed);
    boolean wasPaused = paused;
    Tape saved = CURRENT.get();
    CURRENT.set(this);
    paused = true;
    try {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        Node n = nodes.get(i);
        Tensor g = grads.remove(n.output);
        if (g == null) {
          continue;
        }
        Tensor[] inGrads = n.backward.apply(g);
        if (inGrads.length != n.inputs.length) {
          throw new IllegalStateException(n.op + ": backward returned " + inGrads.length + " gradients for "
              + n.inputs.length + " inputs");
        }
        for (int j = 0; j < n.inputs.length; j++) {
          Tensor in = n.inputs[j];
          Tensor gi = inGrads[j];
          if (in == null || gi == null || !tracks(in)) {
            continue;
          }
          if (!gi.shape().equals(in.shape())) {
            throw new IllegalStateException(n.op + ": gradient for input " + j + " has shape " + gi.shape()
                + " but the input has shape " + in.shape());
          }
          if (in.node != null && in.tape == this) {
            Tensor prev = grads.get(in);
            grads.put(in, prev == null ? gi : Tensor.sumOf(prev, gi));
          } else {
            in.accumulateGrad(gi);
          }
        }
      }
    } finally {
      paused = wasPaused;
      CURRENT.set(saved);
      for (Node n : nodes) {
        n.output.node = null;
        n.output.tape = null;
      }
      nodes.clear();
    }
  }

  /** Stops recording and restores the tape that was active before this one. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Node n : nodes) {
      n.output.node = null;
      n.output.tape = null;
    }
    nodes.clear();
    if (CURRENT.get() == this) {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
