package org.probity.core.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
  private static final List<String> KEYS = List.of("batch_size", "epochs", "eval_every", "steps");

  @Test
  void findsTyposSwapsAndSeparatorVariants() {
    assertEquals("batch_size", Suggest.closest("batchsize", KEYS));
    assertEquals("batch_size", Suggest.closest("Batch-Size", KEYS));
    assertEquals("epochs", Suggest.closest("epcohs", KEYS));
    assertEquals("steps", Suggest.closest("step", KEYS));
  }

  @Test
  void offersNothingWhenNothingIsClose() {
    assertNull(Suggest.closest("learning_rate", KEYS));
    assertEquals("", Suggest.didYouMean("zzz", KEYS));
    assertEquals("; did you mean 'epochs'?", Suggest.didYouMean("epoch", KEYS));
  }

  @Test
  void distanceCountsAnAdjacentSwapAsOneEdit() {
    assertEquals(1, Suggest.distance("ab", "ba"));
    assertEquals(3, Suggest.distance("kitten", "sitting"));
    assertEquals(0, Suggest.distance("", ""));
    assertEquals(4, Suggest.distance("", "abcd"));
  }
}
