package org.probity.deploy.transport;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.probity.federated.ClientApp;
import org.probity.federated.ClientContext;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;

/**
 * The server's stand-in for a remote client: the {@link org.probity.federated.Federation} calls it
 * exactly as it calls a simulated client, and it posts the instruction (with the call's random
 * stream, {@link ClientContext#rng()}) to the site's queue and blocks until the site submits its
 * reply or the task deadline passes. A site that is not connected fails at once
 * ({@link TaskBoard.ClientGone}); one that misses the deadline is a timeout. The backend turns
 * these into the round's dropped and timed-out counts.
 */
final class RemoteClientApp implements ClientApp {
  private final TaskBoard board;
  private final long deadlineMillis;

  RemoteClientApp(TaskBoard board, long deadlineMillis) {
    this.board = board;
    this.deadlineMillis = deadlineMillis;
  }

  @Override
  public FitReply fit(FitInstruction in, ClientContext ctx) {
    byte[] instruction = Messages.encodeInstruction(new Messages.Instruction(Messages.KIND_FIT, in.clientId(),
        in.round(), in.config(), ctx.rng().snapshot()));
    return (FitReply) await(in.clientId(), Messages.KIND_FIT, in.round(), instruction, in);
  }

  @Override
  public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
    byte[] instruction = Messages.encodeInstruction(new Messages.Instruction(Messages.KIND_EVALUATE, in.clientId(),
        in.round(), in.config(), ctx.rng().snapshot()));
    return (EvaluateReply) await(in.clientId(), Messages.KIND_EVALUATE, in.round(), instruction, in);
  }

  private Object await(int clientId, int kind, int round, byte[] instruction, Object in) {
    TaskBoard.Slot slot = board.client(clientId);
    if (!board.online(slot)) {
      throw new TaskBoard.ClientGone("round " + round + ": site '" + slot.site + "' (client " + clientId
          + ") is not connected");
    }
    org.probity.tensor.nn.Params global = in instanceof FitInstruction f ? f.global()
        : ((EvaluateInstruction) in).global();
    TaskBoard.Pending p = board.post(clientId, kind, round, instruction, global);
    try {
      return p.reply.get(deadlineMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TaskBoard.TaskTimedOut("round " + round + ": site '" + slot.site + "' (client " + clientId
          + ") did not reply within " + deadlineMillis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("round " + round + ": interrupted waiting for site '" + slot.site + "'", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
    } finally {
      board.withdraw(p);
    }
  }
}
