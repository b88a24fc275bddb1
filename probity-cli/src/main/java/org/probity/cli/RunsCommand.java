package org.probity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.cli.run.RunInfo;
import org.probity.cli.run.RunStore;
import org.probity.cli.run.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probity runs list}: the runs under {@code --out} (default ./runs), oldest first, with
 * their status (complete, failed, or incomplete: still going or killed), start time and each
 * variant's headline test metric. {@code probity runs} alone lists too.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the runs in a runs folder (also: probity runs list).",
    subcommands = RunsCommand.ListCommand.class)
public final class RunsCommand implements Callable<Integer> {
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
      description = "Folder that holds run folders (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    return list(out, spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Lists the runs: id, name, status (complete, failed, incomplete), start, headline test metric"
          + " per variant.")
  static final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
        description = "Folder that holds run folders (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
      return list(out, spec.commandLine().getOut());
    }
  }

  static int list(Path out, PrintWriter w) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " is a file, not a folder");
    }
    List<RunInfo> runs = new RunStore(out).list();
    if (runs.isEmpty()) {
      w.println("no runs in " + out + " (start one with: probity run)");
      w.flush();
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"id", "name", "status", "started", "test metric per variant"});
    for (RunInfo r : runs) {
      rows.add(new String[] {r.id(), r.name(), r.status().word(), WHEN.format(r.started()), headline(r)});
    }
    TextTable.render(rows, i -> false).lines().forEach(w::println);
    w.flush();
    return 0;
  }

  private static String headline(RunInfo r) {
    List<String> parts = new ArrayList<>();
    for (RunInfo.Headline h : r.headlines()) {
      parts.add(h.variant() + " " + h.metric() + " "
          + (Double.isNaN(h.value()) ? "-" : String.format(Locale.ROOT, "%.4f", h.value())));
    }
    if (r.error() != null) {
      String e = r.error();
      parts.add("error: " + (e.length() > 80 ? e.substring(0, 77) + "..." : e));
    }
    return String.join(", ", parts);
  }
}
