package org.probity.cli.report;

import org.probity.cli.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Renders a run folder into {@code report.html}: one self-contained page (inline CSS, charts as
 * PNG data URIs, no script, nothing fetched) that can be opened offline or mailed. It reads
 * whatever the folder holds (a complete, failed, interrupted or still running run) and says on
 * the page what is missing or malformed, so it fails only when the folder itself is absent or the
 * page cannot be written. The page is written atomically: a reader never sees half of it.
 */
public final class ReportRenderer {
  /** The file name the report is written to inside the run folder. */
  public static final String FILE = "report.html";

  static {
    // Before any AWT class loads: charts are drawn off-screen, on machines without a display.
    Headless.ensure();
  }

  private ReportRenderer() {}

  /**
   * Writes {@code runDir/report.html} from the folder's spec.yaml, provenance.json, metrics.jsonl,
   * summary.json and INCOMPLETE marker, any of which may be missing.
   *
   * @return the path of the written report
   * @throws NoSuchFileException when {@code runDir} is not a directory
   * @throws IOException when the report cannot be written
   */
  public static Path render(Path runDir) throws IOException {
    Objects.requireNonNull(runDir, "runDir");
    if (!Files.isDirectory(runDir)) {
      throw new NoSuchFileException(runDir.toString(), null, "not a run folder (no such directory)");
    }
    Path out = runDir.resolve(FILE);
    AtomicFiles.write(out, html(runDir));
    return out;
  }

  /** The page's HTML for the folder, without writing it. */
  static String html(Path runDir) {
    return ReportPage.html(RunFolderReader.read(runDir));
  }
}
