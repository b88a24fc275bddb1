package org.probity.cli.spec;

/**
 * Where a value in a spec came from: a file with a 1-based line and column, or a command-line
 * override ({@code --set train.lr=0.1}, line 0), so that every validation message can point at the
 * exact place to fix.
 */
public record Loc(String source, int line, int column) {
  /** A location with no line: a {@code --set} argument or a bundled default. */
  public static Loc of(String source) {
    return new Loc(source, 0, 0);
  }

  @Override
  public String toString() {
    return line <= 0 ? source : source + ":" + line + ":" + column;
  }
}
