package org.probity.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.probity.federated.ParallelTasks;

/**
 * A {@link TrialExecutor} on a distributed engine ({@code probity sweep --executor spark}): every
 * trial is one task of a {@link ParallelTasks} engine found on the classpath (probity-spark's
 * {@code spark}: one Spark job per trial), the task being {@link Work#run} on the executor, and each
 * result comes back to the driver as its task ends, where the sweep records it in trials.jsonl, so
 * resuming works as with the local pool. The work carries only strings, and a trial writes its run
 * folder under the sweep folder's path as the driver named it: in {@code local[N]} that is this
 * machine's folder; on a cluster the {@code --out} folder must be on a filesystem every executor
 * mounts at the same path, and probity's jar must be on the executors' classpath.
 */
public final class EngineTrialExecutor implements TrialExecutor {
  private final ParallelTasks.Session session;

  private EngineTrialExecutor(ParallelTasks.Session session) {
    this.session = session;
  }

  /**
   * Opens engine {@code name} with {@code options} (for Spark: master, log_level) running at most
   * {@code parallel} trials at once.
   *
   * @throws IllegalArgumentException when the engine is not on the classpath or an option is bad
   */
  public static EngineTrialExecutor open(String name, int parallel, Map<String, String> options) {
    if (parallel < 1) {
      throw new IllegalArgumentException("sweep.parallel: expected at least 1 trial at a time, got " + parallel);
    }
    Map<String, String> o = new LinkedHashMap<>(options);
    o.put("parallel", Integer.toString(parallel));
    return new EngineTrialExecutor(ParallelTasks.find(name).open(o));
  }

  @Override
  public void execute(List<Trial> trials, Work work, Consumer<TrialResult> done) throws InterruptedException {
    List<Trial> list = new ArrayList<>(trials);
    session.map(list, new RunTrial(work), new ParallelTasks.Listener<TrialResult>() {
      @Override
      public void finished(int index, TrialResult result) {
        done.accept(result);
      }

      @Override
      public void failed(int index, RuntimeException cause) {
        done.accept(TrialResult.failed(list.get(index), null, 0, oneLine(String.valueOf(cause.getMessage()))));
      }
    });
  }

  @Override
  public String describe() {
    return session.describe();
  }

  @Override
  public void close() {
    session.close();
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** One trial on the executor; a work that throws despite its contract gives a failed result there. */
  private static final class RunTrial implements org.probity.federated.ParallelTasks.Task<Trial, TrialResult> {
    private static final long serialVersionUID = 1L;
    private final Work work;

    RunTrial(Work work) {
      this.work = work;
    }

    @Override
    public TrialResult apply(Trial t) {
      long t0 = System.nanoTime();
      try {
        return work.run(t);
      } catch (RuntimeException | Error e) {
        return TrialResult.failed(t, null, (System.nanoTime() - t0) / 1e9, String.valueOf(e));
      }
    }
  }
}
