package org.probity.deploy.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Model parameters on the wire as a header and bounded chunks, since gRPC refuses messages over its
 * size limit (4 MiB by default; Probity sets 2 MiB) and a model can be far larger. The header names
 * every tensor and its shape, the total float count, the chunk count and the SHA-256 of all values
 * as float32 little-endian bytes (the safetensors layout); each chunk carries its index, its float
 * count and a CRC32 of its bytes (the framing shared with {@link BytesWire}, {@link Chunks}). The
 * {@link Assembler} checks order, counts, each CRC ({@code DATA_LOSS}) and finally the SHA-256
 * ({@code DATA_LOSS}), and refuses anything else with {@code INVALID_ARGUMENT}: end-to-end
 * integrity on top of TLS, so a corrupted or truncated transfer is never aggregated.
 */
public final class ParamsWire {
  /** Largest chunk payload: 1 MiB. */
  public static final int MAX_CHUNK_BYTES = Chunks.MAX_CHUNK_BYTES;

  private ParamsWire() {}

  public record Header(List<String> names, List<int[]> shapes, long totalFloats, int chunkCount, byte[] sha256) {}

  /** Parameters ready to send: the header message and the chunk messages, in order. */
  public record Encoded(byte[] header, List<byte[]> chunks, long bytes) {}

  public static Encoded encode(Params p, int chunkBytes) {
    if (chunkBytes < 4 || chunkBytes > MAX_CHUNK_BYTES || chunkBytes % 4 != 0) {
      throw new IllegalArgumentException("params wire: chunk size " + chunkBytes + " must be a multiple of 4 in [4, "
          + MAX_CHUNK_BYTES + "]");
    }
    MessageDigest sha = Chunks.sha256();
    int floatsPerChunk = chunkBytes / 4;
    List<byte[]> chunks = new ArrayList<>();
    ByteBuffer cur = null;
    int curFloats = 0;
    long total = 0;
    long bytes = 0;
    for (Tensor t : p.tensors()) {
      float[] d = t.data();
      int n = t.size();
      for (int i = 0; i < n; i++) {
        if (cur == null) {
          cur = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
          curFloats = 0;
        }
        cur.putFloat(d[i]);
        curFloats++;
        if (curFloats == floatsPerChunk) {
          chunks.add(chunk(chunks.size(), cur, curFloats, sha));
          bytes += chunks.get(chunks.size() - 1).length;
          cur = null;
        }
      }
      total += n;
    }
    if (cur != null) {
      chunks.add(chunk(chunks.size(), cur, curFloats, sha));
      bytes += chunks.get(chunks.size() - 1).length;
    }
    Wire.Out h = new Wire.Out(Wire.PARAMS_HEADER).i32(p.names().size());
    for (Map.Entry<String, Tensor> e : p.byName().entrySet()) {
      int[] dims = e.getValue().shape().dims();
      h.str(e.getKey()).i32(dims.length);
      for (int d : dims) {
        h.i32(d);
      }
    }
    h.i64(total).i32(chunks.size()).bytes(sha.digest());
    byte[] header = h.toBytes();
    return new Encoded(header, List.copyOf(chunks), bytes + header.length);
  }

  private static byte[] chunk(int index, ByteBuffer data, int floats, MessageDigest sha) {
    return Chunks.encode(Wire.PARAMS_CHUNK, index, floats, data.array(), 0, floats * 4, sha);
  }

  public static Header decodeHeader(byte[] b, long maxFloats) {
    Wire.In in = new Wire.In(b, Wire.PARAMS_HEADER, "params header");
    int n = in.count("tensors", 8);
    List<String> names = new ArrayList<>(n);
    List<int[]> shapes = new ArrayList<>(n);
    Set<String> seen = new HashSet<>();
    long sum = 0;
    for (int i = 0; i < n; i++) {
      String name = in.str("name");
      if (!seen.add(name)) {
        throw Wire.invalid("params header: tensor '" + name + "' appears twice");
      }
      int rank = in.count("rank of " + name, 4);
      int[] dims = new int[rank];
      long size = 1;
      for (int k = 0; k < rank; k++) {
        dims[k] = in.i32("dim of " + name);
        if (dims[k] < 0) {
          throw Wire.invalid("params header: tensor '" + name + "' has negative dimension " + dims[k]);
        }
        size *= dims[k];
        if (size > maxFloats) {
          throw Wire.invalid("params header: tensor '" + name + "' exceeds the limit of " + maxFloats + " values");
        }
      }
      sum += size;
      names.add(name);
      shapes.add(dims);
    }
    long total = in.i64("totalFloats");
    int chunkCount = in.i32("chunkCount");
    byte[] sha = in.bytes("sha256", 32);
    in.end();
    if (total != sum || total > maxFloats) {
      throw Wire.invalid("params header: total " + total + " values, but the shapes hold " + sum + " (limit "
          + maxFloats + ")");
    }
    if (sha.length != 32 || chunkCount < 0 || (total > 0 && chunkCount == 0) || chunkCount > total) {
      throw Wire.invalid("params header: " + chunkCount + " chunks for " + total + " values, or a digest of "
          + sha.length + " bytes instead of 32");
    }
    return new Header(List.copyOf(names), List.copyOf(shapes), total, chunkCount, sha);
  }

  /**
   * Receives one parameter transfer: the header, then the chunks in order, then {@link #finish}.
   * Every method throws a gRPC status exception at the first inconsistency.
   */
  public static final class Assembler {
    private final long maxFloats;
    private Header header;
    private float[] values;
    private Chunks.Receiver chunks;

    /** @param maxFloats the most values accepted (the size of the model being exchanged) */
    public Assembler(long maxFloats) {
      this.maxFloats = maxFloats;
    }

    public boolean hasHeader() {
      return header != null;
    }

    public void header(byte[] b) {
      if (header != null) {
        throw Wire.invalid("params: a second header arrived");
      }
      header = decodeHeader(b, maxFloats);
      values = new float[(int) header.totalFloats()];
      chunks = new Chunks.Receiver(Wire.PARAMS_CHUNK, "params", "floats", 4, header.chunkCount(), values.length);
    }

    public void chunk(byte[] b) {
      if (header == null) {
        throw Wire.invalid("params: a chunk arrived before the header");
      }
      int offset = (int) chunks.received();
      byte[] raw = chunks.accept(b);
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, offset, raw.length / 4);
    }

    public Params finish() {
      if (header == null) {
        throw Wire.invalid("params: the transfer ended before the header");
      }
      chunks.finish(header.sha256());
      Map<String, Tensor> out = new LinkedHashMap<>();
      int off = 0;
      for (int i = 0; i < header.names().size(); i++) {
        Shape s = Shape.of(header.shapes().get(i));
        float[] d = new float[s.size()];
        System.arraycopy(values, off, d, 0, d.length);
        off += d.length;
        out.put(header.names().get(i), Tensor.wrap(d, s));
      }
      return new Params(out);
    }
  }

  /** Whether {@code p} has exactly the names and shapes of {@code template}, in order. */
  public static String mismatch(Params template, Params p) {
    if (!template.names().equals(p.names())) {
      return "names " + p.names() + " instead of " + template.names();
    }
    for (String n : template.names()) {
      if (!template.get(n).shape().equals(p.get(n).shape())) {
        return "'" + n + "' has shape " + p.get(n).shape() + " instead of " + template.get(n).shape();
      }
    }
    return null;
  }
}
