package org.probity.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens data files for the loaders: gzip is recognised by the ".gz" extension and, for files
 * renamed without it, by gzip's magic bytes, so every loader reads both forms of each file.
 */
final class DataStreams {
  private DataStreams() {}

  /** The file's bytes, decompressed when gzipped. */
  static InputStream open(Path file) {
    try {
      return maybeGunzip(openRaw(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  /** The file's bytes as stored. */
  static InputStream openRaw(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  /** Wraps {@code in} in a gzip decoder when its name ends in .gz or its first bytes are gzip's. */
  static InputStream maybeGunzip(InputStream in, String source) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(2);
    int m0 = b.read();
    int m1 = b.read();
    b.reset();
    boolean gzipMagic = m0 == 0x1f && m1 == 0x8b;
    if (source.endsWith(".gz") && !gzipMagic) {
      b.close();
      throw new DataFileException(source, "the name ends in .gz but the file is not gzip data");
    }
    return gzipMagic ? new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16) : b;
  }

  /** All bytes of a (possibly gzipped) stream; a cut-off gzip stream is reported as truncated. */
  static byte[] readAll(InputStream in, String source) {
    try (in) {
      return in.readAllBytes();
    } catch (java.io.EOFException e) {
      throw new DataFileException(source, "truncated gzip data (" + e.getMessage() + ")", e);
    } catch (java.util.zip.ZipException e) {
      throw new DataFileException(source, "corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": read failed: " + e.getMessage(), e);
    }
  }

  /** The file name without its directory and without .gz and one further extension. */
  static String stem(String fileName) {
    String n = fileName;
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(slash + 1);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
