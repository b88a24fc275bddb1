package org.probity.cli.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Live terminal bars drawn by me.tongfei:progressbar (redrawn in place with carriage returns,
 * with elapsed time and ETA); an unknown total gives an indeterminate bar.
 */
final class BarProgress implements Progress {
  private final PrintStream out;

  BarProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public Task start(String label, long total, String unit) {
    out.flush();
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(label)
        .setInitialMax(total > 0 ? total : -1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build();
    return new Task() {
      @Override
      public void stepTo(long done) {
        bar.stepTo(done);
      }

      @Override
      public void message(String text) {
        bar.setExtraMessage(text);
      }

      @Override
      public void close() {
        bar.close();
        out.flush();
      }
    };
  }
}
