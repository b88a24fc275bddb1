package org.probity.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST (LeCun et al. 1998): a big-endian
 * header (magic 0x00000803 and count, rows, columns for images; magic 0x00000801 and count for
 * labels) followed by unsigned bytes. Gzipped files (".gz") are read directly. Every structural
 * problem — wrong magic, a header that promises more bytes than follow, trailing bytes, image and
 * label counts that disagree — is an error naming the file, since a silently short dataset would
 * make a run's numbers meaningless. Pixels are scaled to [0, 1] by dividing by 255.
 */
public final class IdxLoader {
  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;
  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  private IdxLoader() {}

  /** Raw images: {@code count} images of {@code rows x cols} unsigned bytes, row-major, one after another. */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    public Images {
      if ((long) count * rows * cols != pixels.length) {
        throw new IllegalArgumentException("idx images: " + count + " x " + rows + " x " + cols + " needs "
            + (long) count * rows * cols + " bytes, got " + pixels.length);
      }
    }

    /** Pixel {@code (r, c)} of image {@code i}, 0..255. */
    public int pixel(int i, int r, int c) {
      return pixels[(i * rows + r) * cols + c] & 0xFF;
    }
  }

  public static Images readImages(Path file) {
    String src = file.toString();
    byte[] b = DataStreams.readAll(DataStreams.open(file), src);
    int magic = header(b, 0, 4, src, "image");
    if (magic != IMAGES_MAGIC) {
      throw new DataFileException(src, "not an IDX image file: magic number " + hex(magic) + ", expected "
          + hex(IMAGES_MAGIC) + (magic == LABELS_MAGIC ? " (this looks like a label file)" : ""));
    }
    int count = header(b, 4, 16, src, "image");
    int rows = header(b, 8, 16, src, "image");
    int cols = header(b, 12, 16, src, "image");
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new DataFileException(src, "bad IDX image header: " + count + " images of " + rows + "x" + cols);
    }
    long need = (long) count * rows * cols;
    long have = b.length - 16L;
    if (have < need) {
      throw new DataFileException(src, "truncated: the header promises " + count + " images of " + rows + "x" + cols
          + " (" + need + " bytes) but only " + have + " bytes follow");
    }
    if (have > need) {
      throw new DataFileException(src, (have - need) + " unexpected bytes after the " + count + " images of "
          + rows + "x" + cols + " that the header promises");
    }
    byte[] pixels = java.util.Arrays.copyOfRange(b, 16, b.length);
    return new Images(count, rows, cols, pixels);
  }

  /** Labels as ints 0..255. */
  public static int[] readLabels(Path file) {
    String src = file.toString();
    byte[] b = DataStreams.readAll(DataStreams.open(file), src);
    int magic = header(b, 0, 4, src, "label");
    if (magic != LABELS_MAGIC) {
      throw new DataFileException(src, "not an IDX label file: magic number " + hex(magic) + ", expected "
          + hex(LABELS_MAGIC) + (magic == IMAGES_MAGIC ? " (this looks like an image file)" : ""));
    }
    int count = header(b, 4, 8, src, "label");
    if (count < 0) {
      throw new DataFileException(src, "bad IDX label header: count " + count);
    }
    long have = b.length - 8L;
    if (have < count) {
      throw new DataFileException(src, "truncated: the header promises " + count + " labels but only " + have
          + " bytes follow");
    }
    if (have > count) {
      throw new DataFileException(src, (have - count) + " unexpected bytes after the " + count
          + " labels that the header promises");
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = b[8 + i] & 0xFF;
    }
    return labels;
  }

  /**
   * A classification dataset from an image file and a label file: features {@code [n, rows*cols]}
   * (or {@code [n, 1, rows, cols]} when {@code imageShape}) scaled to [0, 1]; classes 0..max label,
   * or {@code numClasses} when positive.
   */
  public static Dataset load(String name, Path images, Path labels, int numClasses, boolean imageShape) {
    Images im = readImages(images);
    int[] y = readLabels(labels);
    if (im.count() != y.length) {
      throw new DataFileException(images.toString(), "holds " + im.count() + " images but the label file " + labels
          + " holds " + y.length + " labels");
    }
    int max = -1;
    for (int v : y) {
      max = Math.max(max, v);
    }
    if (numClasses > 0 && max >= numClasses) {
      throw new DataFileException(labels.toString(), "label " + max + " is outside 0.." + (numClasses - 1));
    }
    int k = numClasses > 0 ? numClasses : max + 1;
    return Dataset.classification(name, features(im, imageShape), y, k);
  }

  /** The flat layout with as many classes as the largest label implies. */
  public static Dataset load(String name, Path images, Path labels) {
    return load(name, images, labels, 0, false);
  }

  /** Pixels divided by 255, as {@code [n, rows*cols]} or {@code [n, 1, rows, cols]}. */
  public static Tensor features(Images im, boolean imageShape) {
    byte[] p = im.pixels();
    float[] x = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      x[i] = (p[i] & 0xFF) * (1f / 255f);
    }
    Shape s = imageShape ? Shape.of(im.count(), 1, im.rows(), im.cols()) : Shape.of(im.count(), im.rows() * im.cols());
    return Tensor.wrap(x, s);
  }

  /** Writes an IDX image file (gzipped when the name ends in .gz). */
  public static void writeImages(Path file, Images im) {
    byte[] head = new byte[16];
    put(head, 0, IMAGES_MAGIC);
    put(head, 4, im.count());
    put(head, 8, im.rows());
    put(head, 12, im.cols());
    write(file, head, im.pixels());
  }

  /** Writes an IDX label file; labels must be in 0..255. */
  public static void writeLabels(Path file, int[] labels) {
    byte[] head = new byte[8];
    put(head, 0, LABELS_MAGIC);
    put(head, 4, labels.length);
    byte[] body = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException("idx labels: label " + labels[i] + " at " + i + " does not fit a byte");
      }
      body[i] = (byte) labels[i];
    }
    write(file, head, body);
  }

  private static void write(Path file, byte[] head, byte[] body) {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw) {
      out.write(head);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": write failed: " + e.getMessage(), e);
    }
  }

  /** The big-endian int at {@code at}, after checking that the whole {@code headerBytes} header is there. */
  private static int header(byte[] b, int at, int headerBytes, String src, String kind) {
    if (b.length < headerBytes) {
      throw new DataFileException(src, "truncated: " + (headerBytes == 4 ? "an IDX file starts with a 4-byte magic "
          + "number" : "an IDX " + kind + " header needs " + headerBytes + " bytes") + ", the file has " + b.length);
    }
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }

  private static void put(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static String hex(int v) {
    return String.format("0x%08X", v);
  }
}
