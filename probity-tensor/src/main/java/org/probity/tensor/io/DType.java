package org.probity.tensor.io;

/**
 * The element types of the safetensors format (huggingface/safetensors, {@code Dtype}), each with
 * the name written in the header and its width in bytes. Values are little-endian in the file. The
 * sub-byte formats of recent versions (F4, F6_*) are not listed, so files using them are refused as
 * having an unknown dtype rather than misread.
 */
public enum DType {
  BOOL(1, Kind.INTEGER),
  U8(1, Kind.INTEGER),
  I8(1, Kind.INTEGER),
  F8_E5M2(1, Kind.OTHER),
  F8_E4M3(1, Kind.OTHER),
  F8_E8M0(1, Kind.OTHER),
  I16(2, Kind.INTEGER),
  U16(2, Kind.INTEGER),
  F16(2, Kind.FLOAT),
  BF16(2, Kind.FLOAT),
  I32(4, Kind.INTEGER),
  U32(4, Kind.INTEGER),
  F32(4, Kind.FLOAT),
  C64(8, Kind.OTHER),
  F64(8, Kind.FLOAT),
  I64(8, Kind.INTEGER),
  U64(8, Kind.INTEGER);

  /** How the values can be read: as floats ({@code tensor}), as integers ({@code longs}), or raw only. */
  public enum Kind { FLOAT, INTEGER, OTHER }

  private final int size;
  private final Kind kind;

  DType(int size, Kind kind) {
    this.size = size;
    this.kind = kind;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  public Kind kind() {
    return kind;
  }

  /** The name written in the header (the constant's name, e.g. {@code "F32"}). */
  public String fileName() {
    return name();
  }

  /** The dtype named {@code s} in a header, or null when the format has no such dtype. */
  public static DType fromFileName(String s) {
    for (DType t : values()) {
      if (t.name().equals(s)) {
        return t;
      }
    }
    return null;
  }
}
