package org.probity.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old content or the new, never half of it (DESIGN §4): the
 * text goes to a hidden temporary file in the same folder, which is then moved over the target
 * with ATOMIC_MOVE. The temporary file is created like any other file, so the report gets the
 * usual permissions (Files.createTempFile would make it owner-only, and the move would keep that);
 * it is removed whatever happens.
 */
final class AtomicFile {
  private AtomicFile() {}

  static void write(Path target, String text) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = create(abs);
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Some file systems cannot; a plain replace is the best left.
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A new, empty ".name.PID-N.tmp" beside the target; the name is unique to this process and call. */
  private static Path create(Path target) throws IOException {
    String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-";
    for (int attempt = 0; ; attempt++) {
      Path tmp = target.resolveSibling(prefix + Long.toHexString(System.nanoTime() + attempt) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }
}
