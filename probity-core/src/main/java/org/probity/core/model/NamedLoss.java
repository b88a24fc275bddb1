package org.probity.core.model;

/** Base of the built-in {@link LossFunction}s: carries the name, which is also what they print. */
abstract class NamedLoss implements LossFunction {
  private final String name;

  NamedLoss(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
