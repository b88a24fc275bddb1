package org.probity.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellWithNumbersRightAligned() {
    List<String[]> rows = List.of(new String[] {"name", "acc", "note"}, new String[] {"erm", "0.95", ""},
        new String[] {"tilted-long", "1.0", "best"});
    String expected = ""
        + "name          acc  note\n"
        + "erm          0.95\n"
        + "tilted-long   1.0  best\n";
    assertEquals(expected, TextTable.render(rows, i -> i == 1));
  }

  @Test
  void rowsOfAnotherLengthAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> TextTable.render(List.of(new String[] {"a", "b"}, new String[] {"c"}), i -> false));
    assertEquals("", TextTable.render(List.of(), i -> false));
  }
}
