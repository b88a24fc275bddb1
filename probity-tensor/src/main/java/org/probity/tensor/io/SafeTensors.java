package org.probity.tensor.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Entry points for the safetensors format (huggingface/safetensors): the simple, safe checkpoint
 * format of the Hugging Face ecosystem, an 8-byte little-endian header length, a UTF-8 JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. It holds no
 * code, so loading an untrusted file cannot run anything; this implementation also validates every
 * header before allocating tensor memory (see {@link SafeTensorsFormatException.Problem} for the
 * rules).
 *
 * <pre>{@code
 * SafeTensors.save(dir.resolve("model.safetensors"), model.params(), Map.of("step", "100"));
 * Params p = SafeTensors.loadParams(dir.resolve("model.safetensors"));
 *
 * SafeTensors.writer().put("w", w).putLongs("labels", y, y.length).metadata("seed", "7").write(file);
 * SafeTensorsFile f = SafeTensors.read(file);
 * Tensor w2 = f.tensor("w");  long[] y2 = f.longs("labels");  f.metadata().get("seed");
 * }</pre>
 */
public final class SafeTensors {
  private SafeTensors() {}

  /** A builder for one file. */
  public static SafeTensorsWriter writer() {
    return new SafeTensorsWriter();
  }

  /** Reads and validates a whole file into memory. */
  public static SafeTensorsFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return SafeTensorsReader.read(ByteSource.of(file.toString(), ch));
    }
  }

  /** Reads and validates safetensors bytes (e.g. received over a network); {@code source} names them in errors. */
  public static SafeTensorsFile read(byte[] bytes, String source) throws SafeTensorsFormatException {
    try {
      return SafeTensorsReader.read(ByteSource.of(source, bytes));
    } catch (SafeTensorsFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("read: unexpected I/O error on an in-memory array", e);
    }
  }

  /** Writes F32 tensors (in map order within the file) and metadata atomically. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    SafeTensorsWriter w = writer().metadata(metadata);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      w.put(e.getKey(), e.getValue());
    }
    w.write(file);
  }

  /** Saves parameters as F32 tensors, in their order, with metadata, atomically. */
  public static void save(Path file, Params params, Map<String, String> metadata) throws IOException {
    writer().putAll(params).metadata(metadata).write(file);
  }

  /** Loads every tensor of a file as parameters, in file order (the order they were saved in). */
  public static Params loadParams(Path file) throws IOException {
    return read(file).toParams();
  }
}
