package org.probity.tensor;

/**
 * A scope in which the current thread records nothing on its tape: evaluation, optimiser updates
 * and metric computation run inside one so they neither cost memory nor leak into gradients.
 *
 * <pre>{@code try (NoGrad ignored = NoGrad.enter()) { ... } }</pre>
 */
public final class NoGrad implements AutoCloseable {
  private final Tape tape;
  private final boolean wasPaused;

  private NoGrad(Tape tape) {
    this.tape = tape;
    this.wasPaused = tape != null && tape.paused;
    if (tape != null) {
      tape.paused = true;
    }
  }

  public static NoGrad enter() {
    return new NoGrad(Tape.current());
  }

  @Override
  public void close() {
    if (tape != null) {
      tape.paused = wasPaused;
    }
  }
}
