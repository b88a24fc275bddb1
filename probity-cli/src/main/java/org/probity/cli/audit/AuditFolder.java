package org.probity.cli.audit;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.probity.cli.BadInputException;
import org.probity.cli.files.AtomicFiles;
import org.probity.cli.run.Json;

/**
 * Writes an audit's folder, {@code <run>/audits/<attack>[-canaries-N]-<k>/} by default: audit.json
 * (every number), roc.csv (the ROC, thinned by {@link RocPoints}) and report.html
 * ({@link AuditPage}). The folder appears whole or not at all (DESIGN §4, as for run folders): the
 * files are built in a hidden temporary sibling and the finished folder is renamed into place, so
 * an audit killed half way leaves no folder that looks complete; a failure removes the temporary
 * folder. An existing folder is never written into or replaced, so earlier audits stay as they were.
 */
public final class AuditFolder {
  public static final String JSON = "audit.json";
  public static final String ROC_CSV = "roc.csv";
  public static final String REPORT = "report.html";
  /** The folder under a run that holds its audits. */
  public static final String AUDITS = "audits";

  private static final Pattern ATTACK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private AuditFolder() {}

  /**
   * Writes the audit {@code r} into the new folder {@code folder} (its parent is created if
   * missing) and returns {@code folder}.
   *
   * @throws BadInputException when {@code folder} already exists (nothing is touched)
   * @throws IOException when the files cannot be written or moved into place (nothing is left behind)
   */
  public static Path write(Path folder, AuditResult r) throws IOException {
    if (folder == null || r == null) {
      throw new IllegalArgumentException("AuditFolder.write: folder and result must not be null, got folder="
          + folder + ", result=" + (r == null ? "null" : "an audit of " + r.runId()));
    }
    Path target = folder.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(target);
    }
    Path parent = target.getParent();
    if (parent == null) {
      throw new BadInputException("audit folder " + target + " has no parent folder to be created in");
    }
    Files.createDirectories(parent);
    double[][] points = RocPoints.thin(r.roc().points());
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
    try {
      AtomicFiles.write(tmp.resolve(JSON), Json.pretty(AuditJson.of(r)));
      AtomicFiles.write(tmp.resolve(ROC_CSV), csv(points));
      AtomicFiles.write(tmp.resolve(REPORT), AuditPage.html(r, points, target.getFileName().toString()));
      // Temporary folders are created owner-only; an audit is read like a run folder, by others too.
      readableByAll(tmp);
      move(tmp, target);
    } catch (IOException | RuntimeException | Error e) {
      deleteTree(tmp);
      throw e;
    }
    return target;
  }

  /**
   * The default folder of an audit of {@code runDir}: {@code <run>/audits/<attack>-<k>}, or
   * {@code <attack>-canaries-<N>-<k>} with canaries, with the first k (1, 2, ...) not yet taken.
   */
  public static Path defaultFolder(Path runDir, String attack, Integer canaries) {
    if (runDir == null) {
      throw new IllegalArgumentException("AuditFolder.defaultFolder: runDir must not be null");
    }
    if (attack == null || !ATTACK_NAME.matcher(attack).matches()) {
      throw new IllegalArgumentException("AuditFolder.defaultFolder: the attack name must be letters, digits, '.', '_'"
          + " or '-' (it names a folder), got " + (attack == null ? "null" : "\"" + attack + "\""));
    }
    if (canaries != null && canaries < 1) {
      throw new IllegalArgumentException("AuditFolder.defaultFolder: canaries must be at least 1 or absent, got " + canaries);
    }
    Path audits = runDir.resolve(AUDITS);
    String stem = attack + (canaries == null ? "" : "-canaries-" + canaries);
    for (int k = 1; ; k++) {
      Path p = audits.resolve(stem + "-" + k);
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
  }

  /** fpr,tpr lines; shortest round-trip decimals, so the values read back exactly. */
  static String csv(double[][] points) {
    StringBuilder sb = new StringBuilder(32 + points.length * 24);
    sb.append("fpr,tpr\n");
    for (double[] p : points) {
      sb.append(p[0]).append(',').append(p[1]).append('\n');
    }
    return sb.toString();
  }

  private static void move(Path tmp, Path target) throws IOException {
    // Checked again just before the rename: another audit may have taken the name meanwhile.
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(target);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    } catch (FileAlreadyExistsException e) {
      throw exists(target);
    }
  }

  private static BadInputException exists(Path target) {
    return new BadInputException("audit folder " + target + " already exists; choose another --out, or leave it out"
        + " to number the audit after the earlier ones");
  }

  private static void readableByAll(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: its defaults stand
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: the original failure is what the caller needs to see
        }
      });
    } catch (IOException ignored) {
      // the temporary folder is hidden and named after the audit; a leftover harms nothing
    }
  }
}
