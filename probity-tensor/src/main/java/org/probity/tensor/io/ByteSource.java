package org.probity.tensor.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access bytes that a safetensors file is read from: an open file or an array already in
 * memory. Reads are positional so that only validated ranges are ever allocated and read.
 */
interface ByteSource {
  /** Largest single read from a file. */
  int CHUNK = 1 << 20;

  /** A name for error messages (the file path, or a description of the bytes). */
  String name();

  long size() throws IOException;

  /** Fills {@code dst} completely from position {@code pos}. */
  void read(long pos, ByteBuffer dst) throws IOException;

  static ByteSource of(String name, FileChannel ch) {
    return new ByteSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        // In chunks: the JDK copies a heap buffer through a temporary direct buffer of the whole
        // request, which for a large tensor would cost as much off-heap memory as the tensor.
        int limit = dst.limit();
        long p = pos;
        while (dst.position() < limit) {
          dst.limit(Math.min(limit, dst.position() + CHUNK));
          int n = ch.read(dst, p);
          dst.limit(limit);
          if (n < 0) {
            throw new EOFException(name + ": file ended at byte " + p + " while reading (was it changed meanwhile?)");
          }
          p += n;
        }
      }
    };
  }

  static ByteSource of(String name, byte[] bytes) {
    return new ByteSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void read(long pos, ByteBuffer dst) throws IOException {
        if (pos + dst.remaining() > bytes.length) {
          throw new EOFException(name + ": read of " + dst.remaining() + " bytes at " + pos + " past the end");
        }
        dst.put(bytes, (int) pos, dst.remaining());
      }
    };
  }
}
