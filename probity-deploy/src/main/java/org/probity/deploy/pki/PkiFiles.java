package org.probity.deploy.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Atomic file writes for provisioning: bytes go to a temporary file in the target's folder (created
 * owner-only, so a private key is never readable by others even for a moment), are forced to disk,
 * get their final mode and are renamed over the target, so a reader sees the old file or the new
 * one, never half of one. Same folder because a rename is only atomic within one file system.
 */
final class PkiFiles {
  private PkiFiles() {}

  /** Writes {@code bytes} to {@code file}; {@code secret} keeps it mode 600, otherwise 644 (where POSIX). */
  static void write(Path file, byte[] bytes, boolean secret) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      setMode(tmp, "rw-------");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      setMode(tmp, secret ? "rw-------" : "rw-r--r--");
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates {@code dir} (and parents); {@code secret} makes it owner-only (700) where POSIX. */
  static void mkdirs(Path dir, boolean secret) throws IOException {
    Files.createDirectories(dir);
    setMode(dir, secret ? "rwx------" : "rwxr-xr-x");
  }

  private static void setMode(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system (Windows): its ACL defaults stand
    }
  }
}
