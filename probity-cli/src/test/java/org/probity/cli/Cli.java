package org.probity.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the command tree as the launcher would, capturing stdout, stderr and the exit code. */
final class Cli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  int code;

  static Cli run(String... args) {
    Cli c = new Cli();
    CommandLine cl = Probity.commandLine(CliContext.standard());
    cl.setOut(new PrintWriter(c.out, true));
    cl.setErr(new PrintWriter(c.err, true));
    c.code = cl.execute(args);
    return c;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
