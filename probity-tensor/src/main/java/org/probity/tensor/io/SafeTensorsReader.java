package org.probity.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.io.SafeTensorsFormatException.Problem;

/**
 * Reads and validates a safetensors file the way the reference implementation does
 * (huggingface/safetensors, {@code SafeTensors::read_metadata} and {@code Metadata::validate}):
 * the 8-byte header length is checked against the limit and the file size before anything is
 * allocated, the header must be UTF-8 JSON, and the tensors, sorted by offset, must tile the data
 * buffer exactly. Only then is tensor data read, so a hostile or truncated file costs no more memory
 * than its header.
 */
final class SafeTensorsReader {
  /** The reference implementation's limit on the header, in bytes. */
  static final long MAX_HEADER_BYTES = 100_000_000L;
  /** The largest tensor a Java byte array can hold. */
  static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private static final String METADATA_KEY = "__metadata__";

  private final ByteSource src;

  private SafeTensorsReader(ByteSource src) {
    this.src = src;
  }

  static SafeTensorsFile read(ByteSource src) throws IOException {
    return new SafeTensorsReader(src).read();
  }

  private SafeTensorsFile read() throws IOException {
    long fileSize = src.size();
    if (fileSize < 8) {
      throw fail(Problem.FILE_TOO_SHORT, "file is " + fileSize + " bytes long, shorter than the 8-byte header length");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    src.read(0, prefix);
    long n = prefix.getLong(0);
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw fail(Problem.HEADER_TOO_LARGE, "header length " + Long.toUnsignedString(n) + " exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    if (8 + n > fileSize) {
      throw fail(Problem.HEADER_BEYOND_FILE, "header length " + n + " runs past the end of the file ("
          + fileSize + " bytes, so at most " + (fileSize - 8) + " header bytes)");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
    src.read(8, headerBytes);
    headerBytes.flip();
    Map<String, Object> header = parseHeader(decodeUtf8(headerBytes));

    long dataLength = fileSize - 8 - n;
    Map<String, String> metadata = Map.of();
    List<TensorInfo> infos = new ArrayList<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      if (e.getKey().equals(METADATA_KEY)) {
        metadata = metadata(e.getValue());
      } else {
        infos.add(entry(e.getKey(), e.getValue(), dataLength));
      }
    }
    // Stable: zero-length tensors at one offset keep their header order.
    infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    checkLayout(infos, dataLength);

    Map<String, byte[]> data = new LinkedHashMap<>();
    for (TensorInfo t : infos) {
      byte[] raw = new byte[(int) t.byteLength()];
      src.read(8 + n + t.begin(), ByteBuffer.wrap(raw));
      data.put(t.name(), raw);
    }
    return new SafeTensorsFile(src.name(), infos, data, metadata);
  }

  private String decodeUtf8(ByteBuffer bytes) throws SafeTensorsFormatException {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.remaining());
    CoderResult r = dec.decode(bytes, out, true);
    if (r.isError()) {
      throw fail(Problem.INVALID_UTF8, "header is not valid UTF-8: malformed sequence at header byte "
          + bytes.position() + " (file byte " + (8 + bytes.position()) + ")");
    }
    r = dec.flush(out);
    if (r.isError()) {
      throw fail(Problem.INVALID_UTF8, "header is not valid UTF-8: truncated sequence at its end");
    }
    return out.flip().toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parseHeader(String text) throws SafeTensorsFormatException {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (JsonException e) {
      if (e.duplicateKey() != null) {
        throw fail(Problem.DUPLICATE_KEY, "header has the key " + Json.quote(e.duplicateKey()) + " twice (second at character "
            + e.offset() + "); tensor names, fields and metadata keys must be unique");
      }
      throw fail(Problem.INVALID_JSON, "header is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw fail(Problem.HEADER_NOT_OBJECT, "header is " + kind(parsed) + ", not a JSON object");
    }
    return (Map<String, Object>) parsed;
  }

  private Map<String, String> metadata(Object value) throws SafeTensorsFormatException {
    if (value == null) {
      return Map.of(); // serde reads null as "no metadata"
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw fail(Problem.INVALID_METADATA, "__metadata__ is " + kind(value) + ", not an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw fail(Problem.INVALID_METADATA, "__metadata__ value for key " + Json.quote((String) e.getKey()) + " is "
            + kind(e.getValue()) + ", not a string");
      }
      out.put((String) e.getKey(), s);
    }
    return out;
  }

  private TensorInfo entry(String name, Object value, long dataLength) throws SafeTensorsFormatException {
    String what = "tensor " + Json.quote(name);
    if (!(value instanceof Map<?, ?> m)) {
      throw fail(Problem.INVALID_ENTRY, what + " is " + kind(value) + ", not an object with dtype, shape and data_offsets");
    }
    for (Object k : m.keySet()) {
      if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
        throw fail(Problem.INVALID_ENTRY, what + " has an unknown field " + Json.quote((String) k)
            + " (allowed: dtype, shape, data_offsets)");
      }
    }
    for (String k : List.of("dtype", "shape", "data_offsets")) {
      if (!m.containsKey(k)) {
        throw fail(Problem.INVALID_ENTRY, what + " has no field \"" + k + "\"");
      }
    }
    DType dtype = dtype(what, m.get("dtype"));
    int[] dims = shape(what, m.get("shape"));
    long[] offsets = offsets(what, m.get("data_offsets"), dataLength);

    long elements = 1;
    long bytes;
    try {
      for (int d : dims) {
        elements = Math.multiplyExact(elements, d);
      }
      bytes = Math.multiplyExact(elements, dtype.size());
    } catch (ArithmeticException e) {
      throw fail(Problem.LENGTH_MISMATCH, what + " of shape " + Arrays.toString(dims) + " overflows a 64-bit byte count");
    }
    long span = offsets[1] - offsets[0];
    if (bytes != span) {
      throw fail(Problem.LENGTH_MISMATCH, what + " (" + dtype + ", shape " + Arrays.toString(dims) + ") needs " + bytes
          + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span " + span);
    }
    if (bytes > MAX_TENSOR_BYTES) {
      throw fail(Problem.TENSOR_TOO_LARGE, what + " holds " + bytes + " bytes; at most " + MAX_TENSOR_BYTES
          + " fit in one Java array");
    }
    return new TensorInfo(name, dtype, Shape.of(dims), offsets[0], offsets[1]);
  }

  private DType dtype(String what, Object v) throws SafeTensorsFormatException {
    if (!(v instanceof String s)) {
      throw fail(Problem.UNKNOWN_DTYPE, what + " has a dtype that is " + kind(v) + ", not a string");
    }
    DType t = DType.fromFileName(s);
    if (t == null) {
      throw fail(Problem.UNKNOWN_DTYPE, what + " has unknown dtype " + Json.quote(s) + " (known: "
          + Arrays.toString(DType.values()) + ")");
    }
    return t;
  }

  private int[] shape(String what, Object v) throws SafeTensorsFormatException {
    if (!(v instanceof List<?> list)) {
      throw fail(Problem.INVALID_SHAPE, what + " has a shape that is " + kind(v) + ", not a list of integers");
    }
    int[] dims = new int[list.size()];
    for (int i = 0; i < dims.length; i++) {
      Object d = list.get(i);
      if (!(d instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw fail(Problem.INVALID_SHAPE, what + " has shape " + Json.write(list) + " whose dimension " + i + " ("
            + Json.write(d) + ") is not an integer in [0, 2^31-1]");
      }
      dims[i] = (int) (long) l;
    }
    return dims;
  }

  private long[] offsets(String what, Object v, long dataLength) throws SafeTensorsFormatException {
    if (!(v instanceof List<?> list) || list.size() != 2
        || !(list.get(0) instanceof Long b) || !(list.get(1) instanceof Long e) || b < 0 || e < 0) {
      throw fail(Problem.INVALID_OFFSETS, what + " has data_offsets " + Json.write(v)
          + ", not two non-negative integers [begin, end]");
    }
    if (b > e) {
      throw fail(Problem.INVALID_OFFSETS, what + " has data_offsets [" + b + ", " + e + "] with begin after end");
    }
    if (e > dataLength) {
      throw fail(Problem.INVALID_OFFSETS, what + " has data_offsets [" + b + ", " + e + "] ending beyond the data buffer of "
          + dataLength + " bytes");
    }
    return new long[] {b, e};
  }

  /** The tensors, sorted by offset, must cover [0, dataLength) exactly once. */
  private void checkLayout(List<TensorInfo> sorted, long dataLength) throws SafeTensorsFormatException {
    long covered = 0;
    TensorInfo prev = null;
    for (TensorInfo t : sorted) {
      if (t.begin() < covered) {
        throw fail(Problem.OVERLAP, "tensor " + Json.quote(t.name()) + " " + range(t) + " overlaps tensor "
            + Json.quote(prev.name()) + " " + range(prev));
      }
      if (t.begin() > covered) {
        String after = prev == null ? "the start of the data buffer" : "tensor " + Json.quote(prev.name()) + " " + range(prev);
        throw fail(Problem.GAP, "gap of " + (t.begin() - covered) + " bytes between " + after + " and tensor "
            + Json.quote(t.name()) + " " + range(t));
      }
      covered = t.end();
      prev = t;
    }
    if (covered != dataLength) {
      throw fail(Problem.INCOMPLETE_BUFFER, "tensors cover " + covered + " bytes but the data buffer after the header holds "
          + dataLength + " (" + (dataLength - covered) + " trailing bytes belong to no tensor)");
    }
  }

  private static String range(TensorInfo t) {
    return "[" + t.begin() + ", " + t.end() + ")";
  }

  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  private SafeTensorsFormatException fail(Problem p, String detail) {
    return new SafeTensorsFormatException(src.name(), p, detail);
  }
}
