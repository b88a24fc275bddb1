package org.probity.tensor.io;

import org.probity.tensor.Shape;

/**
 * One tensor's entry in a safetensors header: its name, element type, shape and the byte range
 * {@code [begin, end)} of its data, counted from the first byte after the header.
 */
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
  /** Length of the data in bytes. */
  public long byteLength() {
    return end - begin;
  }
}
