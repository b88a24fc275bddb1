package org.probity.tensor.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * The validated contents of one safetensors file, held in memory: tensor names in file order
 * (by data offset), each tensor's dtype and shape, its values on request, and the string metadata.
 * Obtained from {@link SafeTensors#read}. Every accessor returns fresh arrays, so callers own what
 * they get and the file's contents cannot be changed through them.
 *
 * <p>Float dtypes (F32, F16, BF16, F64) are read with {@link #tensor}; integer dtypes (BOOL, U8,
 * I8, I16, U16, I32, U32, I64, U64) with {@link #longs} or {@link #ints}; any dtype, including the
 * FP8 and complex ones, as raw little-endian bytes with {@link #bytes}. Asking for a conversion
 * that could silently lose values (an integer tensor as floats) is refused with a hint.
 */
public final class SafeTensorsFile {
  private final String source;
  private final List<TensorInfo> infos;
  private final Map<String, TensorInfo> byName;
  private final Map<String, byte[]> data;
  private final Map<String, String> metadata;

  SafeTensorsFile(String source, List<TensorInfo> infos, Map<String, byte[]> data, Map<String, String> metadata) {
    this.source = source;
    this.infos = List.copyOf(infos);
    Map<String, TensorInfo> m = new LinkedHashMap<>();
    for (TensorInfo t : infos) {
      m.put(t.name(), t);
    }
    this.byName = m;
    this.data = data;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The file (or byte source) this was read from. */
  public String source() {
    return source;
  }

  /** Tensor names in file order, i.e. by data offset. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Header entries in file order. */
  public List<TensorInfo> infos() {
    return infos;
  }

  public int size() {
    return infos.size();
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public TensorInfo info(String name) {
    TensorInfo t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException(source + ": no tensor named " + Json.quote(name) + "; have " + names());
    }
    return t;
  }

  public DType dtype(String name) {
    return info(name).dtype();
  }

  public Shape shape(String name) {
    return info(name).shape();
  }

  /** The {@code __metadata__} strings, in header order; empty when the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** A float dtype tensor as float32 (F16 and BF16 widen exactly; F64 rounds to nearest). */
  public Tensor tensor(String name) {
    TensorInfo t = info(name);
    if (t.dtype().kind() != DType.Kind.FLOAT) {
      throw new IllegalArgumentException(source + ": tensor " + Json.quote(name) + " has dtype " + t.dtype()
          + ", not a float dtype; read it with " + (t.dtype().kind() == DType.Kind.INTEGER ? "longs() or ints()" : "bytes()"));
    }
    return Tensor.wrap(Codec.floats(t.dtype(), data.get(name)), t.shape());
  }

  /** An integer dtype tensor's values, row-major. U64 values of 2^63 and above are refused. */
  public long[] longs(String name) {
    TensorInfo t = info(name);
    if (t.dtype().kind() != DType.Kind.INTEGER) {
      throw new IllegalArgumentException(source + ": tensor " + Json.quote(name) + " has dtype " + t.dtype()
          + ", not an integer dtype; read it with " + (t.dtype().kind() == DType.Kind.FLOAT ? "tensor()" : "bytes()"));
    }
    long[] v = Codec.longs(t.dtype(), data.get(name));
    if (t.dtype() == DType.U64) {
      int i = Codec.firstNegativeU64(v);
      if (i >= 0) {
        throw new IllegalArgumentException(source + ": U64 tensor " + Json.quote(name) + " holds "
            + Long.toUnsignedString(v[i]) + " at index " + i + ", beyond the range of long; read it with bytes()");
      }
    }
    return v;
  }

  /** An integer dtype tensor's values as int (labels, indices); values outside int are refused. */
  public int[] ints(String name) {
    long[] v = longs(name);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (int) v[i]) {
        throw new IllegalArgumentException(source + ": tensor " + Json.quote(name) + " (" + dtype(name) + ") holds " + v[i]
            + " at index " + i + ", beyond the range of int; read it with longs()");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  /** A copy of the tensor's raw little-endian bytes, whatever its dtype. */
  public byte[] bytes(String name) {
    info(name);
    return data.get(name).clone();
  }

  /**
   * All tensors as {@link Params}, in file order.
   *
   * @throws IllegalArgumentException naming the tensors whose dtype is not a float dtype
   */
  public Params toParams() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> notFloat = new ArrayList<>();
    for (TensorInfo t : infos) {
      if (t.dtype().kind() == DType.Kind.FLOAT) {
        out.put(t.name(), tensor(t.name()));
      } else {
        notFloat.add(t.name() + " (" + t.dtype() + ")");
      }
    }
    if (!notFloat.isEmpty()) {
      throw new IllegalArgumentException(source + ": parameters must be float tensors, but " + notFloat
          + " are not; read them with longs()/bytes()");
    }
    return Params.of(out);
  }

  @Override
  public String toString() {
    return "SafeTensorsFile[" + source + ", " + infos.size() + " tensors, metadata " + metadata.keySet() + "]";
  }
}
