package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {
  @Test
  void batchLargerThanTheDataNamesBothNumbers() {
    TrainConfigException e = assertThrows(TrainConfigException.class,
        () -> TrainConfig.ofEpochs(1, 512, 0).validateFor(300));
    assertEquals("batchSize", e.field());
    assertTrue(e.getMessage().contains("512") && e.getMessage().contains("300"), e.getMessage());
  }

  @Test
  void nonPositiveValuesAreNamed() {
    assertEquals("epochs", assertThrows(TrainConfigException.class, () -> TrainConfig.ofEpochs(0, 8, 0)).field());
    assertEquals("steps", assertThrows(TrainConfigException.class, () -> TrainConfig.ofSteps(-3, 8, 0)).field());
    assertEquals("batchSize", assertThrows(TrainConfigException.class, () -> TrainConfig.ofSteps(3, 0, 0)).field());
    assertEquals("evalEvery", assertThrows(TrainConfigException.class,
        () -> TrainConfig.ofSteps(3, 8, 0).withEvalEvery(-1)).field());
    assertEquals("logEvery", assertThrows(TrainConfigException.class,
        () -> TrainConfig.ofSteps(3, 8, 0).withLogEvery(0)).field());
    assertEquals("checkpointEvery", assertThrows(TrainConfigException.class,
        () -> TrainConfig.ofSteps(3, 8, 0).withCheckpointEvery(-5)).field());
    TrainConfigException both = assertThrows(TrainConfigException.class, () -> new TrainConfig(2, 10, 8, 0, 0, 0, 1));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    assertThrows(TrainConfigException.class, () -> new TrainConfig(0, 0, 8, 0, 0, 0, 1));
  }

  @Test
  void stepCounts() {
    TrainConfig c = TrainConfig.ofEpochs(3, 32, 0);
    assertEquals(4, c.stepsPerEpoch(100));
    assertEquals(12, c.totalSteps(100));
    assertEquals(4, c.stepsPerEpoch(128));
    assertEquals(7, TrainConfig.ofSteps(7, 32, 0).totalSteps(100));
  }
}
