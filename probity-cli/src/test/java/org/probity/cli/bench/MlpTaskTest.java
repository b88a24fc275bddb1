package org.probity.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class MlpTaskTest {
  private static final int[] WIDTHS = {12, 8, 3};

  @Test
  void stepsOfSgdLowerTheLossOnTheFixedBatch() {
    MlpTask task = new MlpTask(new Rng(1), WIDTHS, 6, false);
    float first = task.step();
    float last = first;
    for (int i = 0; i < 200; i++) {
      last = task.step();
    }
    assertTrue(Float.isFinite(last), "loss must stay finite, got " + last);
    assertTrue(last < 0.8f * first, "200 SGD steps should fit 6 examples: loss " + first + " -> " + last);
  }

  @Test
  void firstLossIsNearLogOfTheClassCountForASmallInitialisation() {
    // Cross-entropy of near-uniform predictions over 3 classes is about ln 3.
    float loss = new MlpTask(new Rng(2), WIDTHS, 64, false).step();
    assertEquals(Math.log(3), loss, 0.5);
  }

  @Test
  void collectingPerExampleNormsDoesNotChangeTheTraining() {
    MlpTask plain = new MlpTask(new Rng(3), WIDTHS, 5, false);
    MlpTask withNorms = new MlpTask(new Rng(3), WIDTHS, 5, true);
    for (int i = 0; i < 5; i++) {
      assertEquals(plain.step(), withNorms.step(), 0f, "step " + i);
    }
    assertTrue(withNorms.sink() > 0, "per-example squared norms must have been read");
    assertEquals(0.0, plain.sink());
  }
}
