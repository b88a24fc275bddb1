package org.probity.tensor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Builds a safetensors file (huggingface/safetensors format) from named tensors and string
 * metadata, and writes it atomically: to a temporary file in the target's folder, then moved into
 * place, so a crash never leaves a half-written checkpoint under the real name.
 *
 * <p>Layout: the header is compact JSON with {@code __metadata__} first (omitted when empty), then
 * one entry per tensor in data order, padded with spaces to a multiple of 8 bytes, as the reference
 * writer does. Tensors are ordered by dtype width, widest first, so that every tensor's data is
 * aligned to its element size; within one width they keep the order they were added in. (The
 * reference writer sorts by name within a dtype instead; readers find tensors by offset, so both
 * are valid, and keeping insertion order means {@link Params} come back in their own order.)
 * Arrays are not copied: they are read when the file is written, so do not change them before.
 */
public final class SafeTensorsWriter {
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();
  private static final int CHUNK = 1 << 16;

  private record Entry(String name, DType dtype, Shape shape, Object values) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  SafeTensorsWriter() {}

  /** Adds {@code t} as an F32 tensor. */
  public SafeTensorsWriter put(String name, Tensor t) {
    return put(name, t, DType.F32);
  }

  /** Adds {@code t} stored as {@code dtype}: F32, F64 (exact), F16 or BF16 (rounded to nearest even). */
  public SafeTensorsWriter put(String name, Tensor t, DType dtype) {
    if (dtype.kind() != DType.Kind.FLOAT) {
      throw new IllegalArgumentException("put: tensor " + Json.quote(name) + " cannot be stored as " + dtype
          + "; float tensors are stored as F32, F64, F16 or BF16 (use putLongs/putInts for integers)");
    }
    return add(new Entry(name, dtype, t.shape(), t.data()));
  }

  /** Adds an I64 tensor of the given shape ({@code values.length} must equal its size; no dims is a scalar). */
  public SafeTensorsWriter putLongs(String name, long[] values, int... shape) {
    return add(new Entry(name, DType.I64, checked("putLongs", name, values.length, shape), values));
  }

  /** Adds an I32 tensor of the given shape ({@code values.length} must equal its size; no dims is a scalar). */
  public SafeTensorsWriter putInts(String name, int[] values, int... shape) {
    return add(new Entry(name, DType.I32, checked("putInts", name, values.length, shape), values));
  }

  /** Adds every parameter as an F32 tensor, in order. */
  public SafeTensorsWriter putAll(Params params) {
    for (Map.Entry<String, Tensor> e : params.byName().entrySet()) {
      put(e.getKey(), e.getValue());
    }
    return this;
  }

  /** Adds a {@code __metadata__} entry. */
  public SafeTensorsWriter metadata(String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("metadata: null key or value (" + key + " = " + value + ")");
    }
    metadata.put(key, value);
    return this;
  }

  /** Adds every entry of {@code m} to {@code __metadata__}. */
  public SafeTensorsWriter metadata(Map<String, String> m) {
    for (Map.Entry<String, String> e : m.entrySet()) {
      metadata(e.getKey(), e.getValue());
    }
    return this;
  }

  private static Shape checked(String op, String name, int length, int[] shape) {
    Shape s = Shape.of(shape);
    if (s.size() != length) {
      throw new IllegalArgumentException(op + ": tensor " + Json.quote(name) + " has " + length
          + " values, which do not fit shape " + s + " (size " + s.size() + ")");
    }
    return s;
  }

  private SafeTensorsWriter add(Entry e) {
    if (e.name() == null) {
      throw new IllegalArgumentException("put: tensor name is null");
    }
    if (e.name().equals("__metadata__")) {
      throw new IllegalArgumentException("put: \"__metadata__\" is reserved for metadata and cannot name a tensor");
    }
    if (entries.containsKey(e.name())) {
      throw new IllegalArgumentException("put: duplicate tensor name " + Json.quote(e.name()));
    }
    entries.put(e.name(), e);
    return this;
  }

  // ---------------------------------------------------------------- output

  /**
   * Writes the file atomically, creating missing parent folders. The temporary file
   * ({@code .<name>.<pid>.<n>.tmp} beside the target) is removed if anything fails. Data is not
   * fsynced: the move protects against crashes of this process, not against power loss.
   */
  public void write(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = createTemp(dir, target.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeTo(ch);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    long pid = ProcessHandle.current().pid();
    while (true) {
      Path tmp = dir.resolve("." + name + "." + pid + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        // A leftover from a crashed run with the same pid: take the next number.
      }
    }
  }

  /** The file's bytes, for sending over a network or hashing. */
  public byte[] toBytes() {
    List<Entry> ordered = ordered();
    byte[] header = header(ordered);
    long total = 8L + header.length + dataLength(ordered);
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("toBytes: " + total + " bytes do not fit in one array; write(Path) instead");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    try {
      writeTo(Channels.newChannel(out), ordered, header);
    } catch (IOException e) {
      throw new IllegalStateException("toBytes: writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private void writeTo(WritableByteChannel ch) throws IOException {
    List<Entry> ordered = ordered();
    writeTo(ch, ordered, header(ordered));
  }

  private static void writeTo(WritableByteChannel ch, List<Entry> ordered, byte[] header) throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
    drain(prefix, ch);
    drain(ByteBuffer.wrap(header), ch);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : ordered) {
      encode(e, buf, ch);
    }
    buf.flip();
    drain(buf, ch);
  }

  private List<Entry> ordered() {
    List<Entry> list = new ArrayList<>(entries.values());
    list.sort(Comparator.comparingInt((Entry e) -> e.dtype().size()).reversed()); // stable
    return list;
  }

  private static long dataLength(List<Entry> ordered) {
    long n = 0;
    for (Entry e : ordered) {
      n += (long) e.shape().size() * e.dtype().size();
    }
    return n;
  }

  private byte[] header(List<Entry> ordered) {
    Map<String, Object> h = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      h.put("__metadata__", metadata);
    }
    long offset = 0;
    for (Entry e : ordered) {
      long end = offset + (long) e.shape().size() * e.dtype().size();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", e.dtype().fileName());
      info.put("shape", e.shape().dims());
      info.put("data_offsets", new long[] {offset, end});
      h.put(e.name(), info);
      offset = end;
    }
    String json = Json.write(h);
    ByteBuffer utf8;
    try {
      utf8 = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(json));
    } catch (CharacterCodingException ex) {
      throw new IllegalArgumentException("write: a tensor name or metadata string is not valid Unicode "
          + "(lone surrogate) and cannot be encoded as UTF-8", ex);
    }
    int len = utf8.remaining();
    int padded = (len + 7) / 8 * 8;
    if (padded > SafeTensorsReader.MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("write: header of " + padded + " bytes exceeds the format's limit of "
          + SafeTensorsReader.MAX_HEADER_BYTES + " bytes (too many tensors or too much metadata)");
    }
    byte[] out = new byte[padded];
    utf8.get(out, 0, len);
    Arrays.fill(out, len, padded, (byte) ' ');
    return out;
  }

  /** Appends the entry's values, little-endian, through {@code buf}, flushing it to {@code ch} when full. */
  private static void encode(Entry e, ByteBuffer buf, WritableByteChannel ch) throws IOException {
    int n = e.shape().size();
    int width = e.dtype().size();
    int i = 0;
    while (i < n) {
      int k = Math.min(n - i, buf.remaining() / width);
      if (k == 0) {
        buf.flip();
        drain(buf, ch);
        buf.clear();
        continue;
      }
      int at = buf.position();
      switch (e.dtype()) {
        case F32 -> buf.asFloatBuffer().put((float[]) e.values(), i, k);
        case I64 -> buf.asLongBuffer().put((long[]) e.values(), i, k);
        case I32 -> buf.asIntBuffer().put((int[]) e.values(), i, k);
        case F64 -> {
          float[] f = (float[]) e.values();
          for (int j = 0; j < k; j++) {
            buf.putDouble(at + 8 * j, f[i + j]);
          }
        }
        case F16 -> {
          float[] f = (float[]) e.values();
          for (int j = 0; j < k; j++) {
            buf.putShort(at + 2 * j, HalfFloats.floatToF16(f[i + j]));
          }
        }
        case BF16 -> {
          float[] f = (float[]) e.values();
          for (int j = 0; j < k; j++) {
            buf.putShort(at + 2 * j, HalfFloats.floatToBf16(f[i + j]));
          }
        }
        default -> throw new IllegalStateException("encode: no encoder for " + e.dtype());
      }
      buf.position(at + k * width);
      i += k;
    }
  }

  /** Writes all of {@code b}, at most a chunk per call (see ByteSource's read for why). */
  private static void drain(ByteBuffer b, WritableByteChannel ch) throws IOException {
    int limit = b.limit();
    while (b.position() < limit) {
      b.limit(Math.min(limit, b.position() + CHUNK));
      ch.write(b);
      b.limit(limit);
    }
  }
}
