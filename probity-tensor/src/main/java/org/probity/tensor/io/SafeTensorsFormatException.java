package org.probity.tensor.io;

import java.io.IOException;

/**
 * A file (or byte array) that does not follow the safetensors format, refused before any tensor is
 * handed out. The message names the source and the problem in words; {@link #problem()} says which
 * rule was broken so that callers and tests need not parse messages. The rules are those the
 * reference implementation (huggingface/safetensors) enforces, plus a few of its own strictness
 * (unknown fields in a tensor entry, duplicate keys).
 */
public final class SafeTensorsFormatException extends IOException {
  /** The rule a file broke. */
  public enum Problem {
    /** Fewer than the 8 bytes of the header-length prefix. */
    FILE_TOO_SHORT,
    /** The header length exceeds the 100 MB limit of the reference implementation. */
    HEADER_TOO_LARGE,
    /** The header length runs past the end of the file. */
    HEADER_BEYOND_FILE,
    /** The header bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** The header is not valid JSON (including nesting deeper than 64). */
    INVALID_JSON,
    /** The same key twice in one JSON object (a duplicate tensor name, field or metadata key). */
    DUPLICATE_KEY,
    /** The header is valid JSON but not an object. */
    HEADER_NOT_OBJECT,
    /** A tensor entry is not an object with exactly dtype, shape and data_offsets. */
    INVALID_ENTRY,
    /** A dtype string the format does not define (or not a string). */
    UNKNOWN_DTYPE,
    /** A shape that is not a list of non-negative integers below 2^31. */
    INVALID_SHAPE,
    /** data_offsets not two non-negative integers, begin after end, or end beyond the data. */
    INVALID_OFFSETS,
    /** The byte length of a tensor differs from its shape times its dtype's size. */
    LENGTH_MISMATCH,
    /** Two tensors share bytes. */
    OVERLAP,
    /** Bytes between two tensors (or before the first) that no tensor covers. */
    GAP,
    /** Bytes after the last tensor that no tensor covers. */
    INCOMPLETE_BUFFER,
    /** __metadata__ not an object of string values. */
    INVALID_METADATA,
    /** A single tensor larger than a Java array can hold. */
    TENSOR_TOO_LARGE
  }

  private final String source;
  private final Problem problem;

  public SafeTensorsFormatException(String source, Problem problem, String detail) {
    super(source + ": " + detail);
    this.source = source;
    this.problem = problem;
  }

  /** The file name (or a description of the bytes) that was refused. */
  public String source() {
    return source;
  }

  public Problem problem() {
    return problem;
  }
}
