package org.probity.cli;

import java.io.PrintWriter;
import org.probity.cli.spec.SpecException;
import org.probity.core.data.DatasetNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code probity} command: the root of a picocli command tree with one class per subcommand
 * in this package ({@code bench}, {@code run}, {@code runs}, {@code report}, {@code repro},
 * {@code data}, {@code privacy}, {@code audit}, {@code certs}, {@code fl}, ...). It fixes the exit codes every subcommand shares: 0 on success, 1 when the work
 * itself fails, 2 for bad input, reported as one line on stderr so that scripts and people see
 * the cause at once.
 */
@Command(
    name = "probity",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Trustworthy, efficient and collaborative machine learning on the JVM.",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Exit codes: 0 success, 1 the work failed, 2 bad input.",
        "Run 'probity COMMAND --help' for a command's options."})
public final class Probity implements Runnable {
  /** Exit code for bad input: unknown names, invalid option values, unusable paths. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
  /** Exit code when the requested work fails. */
  public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    // No subcommand: show what there is rather than fail.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // One line per log record ("18:55:07 INFO site 'a' registered as client 0"), not the JDK's two.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
    }
    System.exit(commandLine(CliContext.standard()).execute(args));
  }

  /** The command tree with the standard error handling; tests pass their own context. */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new Probity());
    cl.addSubcommand("bench", new BenchCommand(ctx.workloads(), ctx.benchRunner()));
    cl.addSubcommand("run", new RunCommand());
    cl.addSubcommand("sweep", new SweepCommand());
    cl.addSubcommand("runs", new RunsCommand());
    cl.addSubcommand("report", new ReportCommand());
    cl.addSubcommand("repro", new ReproCommand());
    cl.addSubcommand("data", new DataCommand());
    cl.addSubcommand("privacy", new PrivacyCommand());
    cl.addSubcommand("audit", new AuditCommand());
    cl.addSubcommand("certs", new CertsCommand());
    cl.addSubcommand("fl", new FlCommand());
    cl.setParameterExceptionHandler(Probity::badInput);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failed(ex, cmd));
    return cl;
  }

  /** Bad input: one line naming the command and the problem, then exit 2. */
  private static int badInput(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    PrintWriter err = cmd.getErr();
    err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
    err.flush();
    return EXIT_USAGE;
  }

  /** The work failed: one line, or the stack trace when PROBITY_DEBUG is set. */
  private static int failed(Exception ex, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    if (isBadInput(ex)) {
      // A spec's own errors start with its location ("spec.yaml:7:5: ..."), the rest name the input.
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()));
      err.flush();
      return EXIT_USAGE;
    }
    if (System.getenv("PROBITY_DEBUG") != null) {
      ex.printStackTrace(err);
    }
    String msg = ex.getMessage() == null ? ex.getClass().getName() : oneLine(ex.getMessage());
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + msg
        + (System.getenv("PROBITY_DEBUG") == null ? " (set PROBITY_DEBUG=1 for the stack trace)" : ""));
    err.flush();
    return EXIT_FAILURE;
  }

  /**
   * Failures that are the input's fault rather than the work's: a spec that cannot be used, a file
   * or name that does not exist, a dataset that must be fetched first.
   */
  static boolean isBadInput(Exception ex) {
    return ex instanceof BadInputException || ex instanceof SpecException || ex instanceof DatasetNotFoundException;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
