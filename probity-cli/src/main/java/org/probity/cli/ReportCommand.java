package org.probity.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.probity.cli.report.ReportRenderer;
import org.probity.cli.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probity report RUN_DIR}: renders the run folder's report.html again from its files, for
 * a run that was interrupted, one still going, or after the report's code changed.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Renders RUN_DIR/report.html again from the run folder's files.")
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder, e.g. runs/20250101-120000-demo.")
  Path runDir;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new BadInputException("run folder " + runDir + " does not exist");
    }
    boolean looksLikeRun = Files.exists(runDir.resolve(RunFolder.SPEC)) || Files.exists(runDir.resolve(RunFolder.SUMMARY))
        || Files.exists(runDir.resolve(RunFolder.INCOMPLETE));
    if (!looksLikeRun) {
      throw new BadInputException(runDir + " is not a run folder (it has no spec.yaml, summary.json or INCOMPLETE)");
    }
    Path report = ReportRenderer.render(runDir);
    spec.commandLine().getOut().println("wrote " + report);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
