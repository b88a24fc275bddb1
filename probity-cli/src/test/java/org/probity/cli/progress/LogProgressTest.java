package org.probity.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain-line progress: a line per 10% crossed or per interval, and a final line. */
class LogProgressTest {
  long now;

  @Test
  void printsEveryTenPercentAndAtTheEnd() {
    StringWriter sw = new StringWriter();
    LogProgress p = new LogProgress(new PrintWriter(sw), 5_000, () -> now);
    try (Progress.Task t = p.start("train erm", 200, "steps")) {
      for (int s = 1; s <= 200; s++) {
        now += 1_000_000L; // 1 ms per step: the interval never triggers
        t.message("loss 0.5");
        t.stepTo(s);
      }
    }
    List<String> lines = sw.toString().lines().toList();
    assertEquals(10, lines.size(), sw.toString());
    assertEquals("train erm: 10% (20/200 steps, 0.0 s) loss 0.5", lines.get(0));
    assertEquals("train erm: 90% (180/200 steps, 0.2 s) loss 0.5", lines.get(8));
    assertEquals("train erm: done (200 steps, 0.2 s) loss 0.5", lines.get(9));
  }

  @Test
  void slowWorkAlsoPrintsEveryInterval() {
    StringWriter sw = new StringWriter();
    LogProgress p = new LogProgress(new PrintWriter(sw), 5_000, () -> now);
    Progress.Task t = p.start("x", 1000, "steps");
    for (int s = 1; s <= 30; s++) {
      now += 1_000_000_000L; // 1 s per step: a line every 5 s
      t.stepTo(s);
    }
    assertEquals(6, sw.toString().lines().count(), sw.toString());
    t.close();
    t.close();
    assertEquals(7, sw.toString().lines().count(), "closing twice prints one final line");
  }
}
