package org.probity.cli.spec;

import java.util.function.DoublePredicate;

/**
 * A constraint on a number in a spec with the words that name it in an error message
 * ("expected a positive number, got -0.1"). NaN and infinities never pass: no spec value means
 * them, and a NaN tilt or learning rate would only surface as a NaN loss much later.
 */
public record Check(String expected, DoublePredicate test) {
  public static final Check ANY = new Check("a finite number", x -> true);
  public static final Check POSITIVE = new Check("a positive number", x -> x > 0);
  public static final Check NON_NEGATIVE = new Check("a number >= 0", x -> x >= 0);
  public static final Check FRACTION = new Check("a number in [0, 1)", x -> x >= 0 && x < 1);
  public static final Check OPEN_FRACTION = new Check("a number strictly between 0 and 1", x -> x > 0 && x < 1);
  public static final Check PROBABILITY = new Check("a number in [0, 1]", x -> x >= 0 && x <= 1);

  public boolean accepts(double x) {
    return Double.isFinite(x) && test.test(x);
  }

  public static Check atLeast(double min) {
    return new Check("a number >= " + Section.plain(min), x -> x >= min);
  }
}
