package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.tensor.Rng;

class IdxLoaderTest {
  @TempDir
  Path dir;

  /** Hand-built IDX bytes, independent of IdxLoader's writer. */
  private static byte[] idx(int magic, int[] dims, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int v : concat(magic, dims)) {
      b.write(v >>> 24);
      b.write(v >>> 16);
      b.write(v >>> 8);
      b.write(v);
    }
    b.writeBytes(body);
    return b.toByteArray();
  }

  private static int[] concat(int first, int[] rest) {
    int[] out = new int[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    if (name.endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
        o.write(bytes);
      }
    } else {
      Files.write(p, bytes);
    }
    return p;
  }

  private static byte[] pixels(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (i * 37);
    }
    return p;
  }

  private String failure(Runnable r, Path expectedFile) {
    DataFileException e = assertThrows(DataFileException.class, r::run);
    assertEquals(expectedFile.toString(), e.file());
    assertTrue(e.getMessage().startsWith(expectedFile + ": "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void readsHandBuiltFilesPlainAndGzipped() throws IOException {
    byte[] px = pixels(3 * 2 * 4);
    for (String ext : new String[] {"", ".gz"}) {
      Path im = file("img" + ext, idx(0x803, new int[] {3, 2, 4}, px));
      Path lb = file("lab" + ext, idx(0x801, new int[] {3}, new byte[] {7, 0, (byte) 200}));
      IdxLoader.Images images = IdxLoader.readImages(im);
      assertEquals(3, images.count());
      assertEquals(2, images.rows());
      assertEquals(4, images.cols());
      assertArrayEquals(px, images.pixels());
      assertEquals(px[(1 * 2 + 1) * 4 + 2] & 0xFF, images.pixel(1, 1, 2));
      assertArrayEquals(new int[] {7, 0, 200}, IdxLoader.readLabels(lb));
      Dataset d = IdxLoader.load("t", im, lb);
      assertEquals(201, d.numClasses());
      assertArrayEquals(new int[] {3, 8}, d.features().shape().dims());
      for (int i = 0; i < px.length; i++) {
        assertEquals((px[i] & 0xFF) / 255f, d.features().data()[i], 1e-7f);
      }
      Dataset img = IdxLoader.load("t", im, lb, 256, true);
      assertArrayEquals(new int[] {3, 1, 2, 4}, img.features().shape().dims());
      assertEquals(256, img.numClasses());
    }
  }

  @Test
  void pixelsScaleToTheUnitInterval() throws IOException {
    Path im = file("i", idx(0x803, new int[] {1, 1, 3}, new byte[] {0, (byte) 128, (byte) 255}));
    Path lb = file("l", idx(0x801, new int[] {1}, new byte[] {0}));
    float[] x = IdxLoader.load("t", im, lb).features().data();
    assertEquals(0f, x[0]);
    assertEquals(128 / 255f, x[1], 1e-7f);
    assertEquals(1f, x[2], 1e-7f);
  }

  @Test
  void writerRoundTrips() throws IOException {
    Rng rng = new Rng(3);
    byte[] px = new byte[5 * 28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) rng.nextInt(256);
    }
    int[] labels = {0, 9, 3, 3, 1};
    Path im = dir.resolve("w-images-idx3-ubyte.gz");
    Path lb = dir.resolve("w-labels-idx1-ubyte");
    IdxLoader.writeImages(im, new IdxLoader.Images(5, 28, 28, px));
    IdxLoader.writeLabels(lb, labels);
    assertArrayEquals(px, IdxLoader.readImages(im).pixels());
    assertArrayEquals(labels, IdxLoader.readLabels(lb));
    // The gzipped writer output is real gzip, the plain one is the raw header + body.
    assertEquals(0x1f, Files.readAllBytes(im)[0] & 0xFF);
    assertArrayEquals(idx(0x801, new int[] {5}, new byte[] {0, 9, 3, 3, 1}), Files.readAllBytes(lb));
  }

  @Test
  void badMagicNamesTheFileAndWhatItLooksLike() throws IOException {
    Path lb = file("labels", idx(0x801, new int[] {2}, new byte[] {1, 2}));
    String msg = failure(() -> IdxLoader.readImages(lb), lb);
    assertTrue(msg.contains("not an IDX image file: magic number 0x00000801, expected 0x00000803 (this looks like a "
        + "label file)"), msg);
    Path im = file("images", idx(0x803, new int[] {1, 1, 1}, new byte[] {1}));
    msg = failure(() -> IdxLoader.readLabels(im), im);
    assertTrue(msg.contains("magic number 0x00000803, expected 0x00000801 (this looks like an image file)"), msg);
    Path other = file("other", idx(0x0B03, new int[] {1, 1, 1}, new byte[] {0, 1}));
    msg = failure(() -> IdxLoader.readImages(other), other);
    assertTrue(msg.contains("magic number 0x00000B03"), msg);
  }

  @Test
  void truncatedHeaderAndData() throws IOException {
    Path tiny = file("t", new byte[] {0, 0});
    assertTrue(failure(() -> IdxLoader.readLabels(tiny), tiny)
        .endsWith("truncated: an IDX file starts with a 4-byte magic number, the file has 2"));
    Path shortHead = file("h", new byte[] {0, 0, 8, 3, 0, 0});
    assertTrue(failure(() -> IdxLoader.readImages(shortHead), shortHead)
        .endsWith("truncated: an IDX image header needs 16 bytes, the file has 6"));
    Path im = file("img.gz", idx(0x803, new int[] {4, 2, 2}, pixels(10)));
    assertTrue(failure(() -> IdxLoader.readImages(im), im)
        .endsWith("truncated: the header promises 4 images of 2x2 (16 bytes) but only 10 bytes follow"));
    Path lb = file("lab", idx(0x801, new int[] {5}, new byte[] {1, 2}));
    assertTrue(failure(() -> IdxLoader.readLabels(lb), lb)
        .endsWith("truncated: the header promises 5 labels but only 2 bytes follow"));
  }

  @Test
  void trailingBytesAreAnError() throws IOException {
    Path im = file("img", idx(0x803, new int[] {1, 2, 2}, pixels(6)));
    assertTrue(failure(() -> IdxLoader.readImages(im), im).endsWith("2 unexpected bytes after the 1 images of 2x2 "
        + "that the header promises"));
    Path lb = file("lab", idx(0x801, new int[] {1}, new byte[] {1, 2, 3}));
    assertTrue(failure(() -> IdxLoader.readLabels(lb), lb).contains("2 unexpected bytes after the 1 labels"));
  }

  @Test
  void countMismatchBetweenImagesAndLabels() throws IOException {
    Path im = file("img", idx(0x803, new int[] {3, 1, 1}, pixels(3)));
    Path lb = file("lab", idx(0x801, new int[] {2}, new byte[] {0, 1}));
    String msg = failure(() -> IdxLoader.load("t", im, lb), im);
    assertTrue(msg.endsWith("holds 3 images but the label file " + lb + " holds 2 labels"), msg);
  }

  @Test
  void labelsBeyondNumClasses() throws IOException {
    Path im = file("img", idx(0x803, new int[] {2, 1, 1}, pixels(2)));
    Path lb = file("lab", idx(0x801, new int[] {2}, new byte[] {0, 10}));
    String msg = failure(() -> IdxLoader.load("t", im, lb, 10, false), lb);
    assertTrue(msg.endsWith("label 10 is outside 0..9"), msg);
  }

  @Test
  void truncatedGzipStream() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(idx(0x803, new int[] {50, 10, 10}, pixels(5000)));
    }
    byte[] gz = b.toByteArray();
    Path p = dir.resolve("cut.gz");
    Files.write(p, Arrays.copyOf(gz, gz.length - 20));
    assertTrue(failure(() -> IdxLoader.readImages(p), p).contains("truncated gzip data"));
  }
}
