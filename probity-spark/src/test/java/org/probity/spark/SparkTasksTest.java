package org.probity.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.probity.federated.ParallelTasks;

/**
 * The {@code spark} {@link ParallelTasks} engine in {@code local[2]}: found through the service
 * loader, applies the task to every item exactly once (results checked against the function
 * computed here), reports a throwing task as that item's failure with its cause while the others
 * finish, and refuses unknown options by name.
 */
class SparkTasksTest {
  @Test
  @Timeout(120)
  void everyItemOnceAndAFailingTaskIsReportedByIndex() throws Exception {
    ParallelTasks engine = ParallelTasks.find("spark");
    Map<Integer, Integer> results = new ConcurrentHashMap<>();
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    try (ParallelTasks.Session s = engine.open(Map.of("master", "local[2]", "parallel", "2"))) {
      assertEquals("spark local[2], 2 tasks at a time, one Spark job each", s.describe());
      List<Integer> items = List.of(3, 5, 7, 11, 13);
      s.map(items, x -> {
        if (x == 7) {
          throw new IllegalStateException("boom at " + x);
        }
        return x * x + 1;
      }, new ParallelTasks.Listener<Integer>() {
        @Override
        public void finished(int index, Integer result) {
          assertEquals(null, results.put(index, result), "item " + index + " reported twice");
        }

        @Override
        public void failed(int index, RuntimeException cause) {
          failures.put(index, cause.getMessage());
        }
      });
      assertEquals(Map.of(0, 10, 1, 26, 3, 122, 4, 170), results);
      assertEquals(1, failures.size(), failures.toString());
      assertTrue(failures.get(2).startsWith("spark task 2 (7) failed:"), failures.get(2));
      assertTrue(failures.get(2).contains("boom at 7"), failures.get(2));
      // The session runs a second batch on the same context.
      results.clear();
      s.map(List.of(2), x -> x + 40, new ParallelTasks.Listener<Integer>() {
        @Override
        public void finished(int index, Integer result) {
          results.put(index, result);
        }

        @Override
        public void failed(int index, RuntimeException cause) {
          throw cause;
        }
      });
      assertEquals(Map.of(0, 42), results);
    }
  }

  @Test
  void unknownOptionsAndEnginesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParallelTasks.find("spark").open(Map.of("partitions", "4")));
    assertTrue(e.getMessage().contains("unknown option 'partitions'"), e.getMessage());
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
        () -> ParallelTasks.find("spark").open(Map.of("parallel", "0")));
    assertTrue(p.getMessage().contains("parallel must be an integer >= 1, got '0'"), p.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> ParallelTasks.find("flink"));
    assertTrue(n.getMessage().contains("no parallel-task engine 'flink' on the classpath (available: spark)"),
        n.getMessage());
  }
}
