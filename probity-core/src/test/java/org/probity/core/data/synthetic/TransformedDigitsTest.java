package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.data.Datasets;
import org.probity.core.data.LoadOptions;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

class TransformedDigitsTest {
  @Test
  void quarterTurnsArePixelPermutations() {
    Rng rng = new Rng(1);
    int h = 5;
    int w = 5;
    float[] img = new float[h * w];
    for (int i = 0; i < img.length; i++) {
      img[i] = rng.nextFloat();
    }
    float[] out = new float[img.length];
    TransformedDigits.rotate(img, 0, out, 0, h, w, 90);
    // Counter-clockwise by 90 degrees: out[r][c] = in[c][w-1-r].
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        assertEquals(img[c * w + (w - 1 - r)], out[r * w + c], 1e-6f, "(" + r + "," + c + ")");
      }
    }
    TransformedDigits.rotate(img, 0, out, 0, h, w, 180);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        assertEquals(img[(h - 1 - r) * w + (w - 1 - c)], out[r * w + c], 1e-6f);
      }
    }
    TransformedDigits.rotate(img, 0, out, 0, h, w, 360);
    assertArrayEquals(img, out, 1e-6f);
  }

  @Test
  void bilinearSamplingOffTheGrid() {
    // A 45-degree turn maps the centre to itself and interpolates elsewhere; a constant image stays
    // constant where the whole sampling footprint is inside the image.
    float[] ones = new float[9 * 9];
    java.util.Arrays.fill(ones, 2f);
    float[] out = new float[ones.length];
    TransformedDigits.rotate(ones, 0, out, 0, 9, 9, 45);
    assertEquals(2f, out[4 * 9 + 4], 1e-6f);
    assertEquals(2f, out[3 * 9 + 5], 1e-6f);
    // Corners rotate out of the image and read zeros.
    assertEquals(0f, out[0], 1e-6f);
    // On an even-sized image the centre falls between pixels; a 90-degree turn is still a
    // permutation: pixel (0, 1) of a 4x4 image moves to (2, 0).
    float[] imp = new float[16];
    imp[1] = 1;
    float[] o2 = new float[16];
    TransformedDigits.rotate(imp, 0, o2, 0, 4, 4, 90);
    assertEquals(1f, o2[2 * 4], 1e-6f);
  }

  @Test
  void rotatedDigitsHaveBalancedClustersAsGroups() {
    Dataset digits = Datasets.load("digits");
    Dataset r = TransformedDigits.rotated(digits, 4, new Rng(2));
    assertArrayEquals(new int[] {1797, 64}, r.features().shape().dims());
    assertArrayEquals(digits.labels(), r.labels());
    int[] counts = new int[4];
    for (int g : r.groups()) {
      counts[g]++;
    }
    assertArrayEquals(new int[] {450, 449, 449, 449}, counts);
    float[] x = digits.features().data();
    float[] y = r.features().data();
    for (int i = 0; i < digits.size(); i++) {
      if (r.groups()[i] == 0) {
        for (int j = 0; j < 64; j++) {
          assertEquals(x[i * 64 + j], y[i * 64 + j], 1e-6f);
        }
      } else if (r.groups()[i] == 2) {
        for (int j = 0; j < 64; j++) {
          assertEquals(x[i * 64 + 63 - j], y[i * 64 + j], 1e-6f);
        }
      }
    }
    Dataset img = TransformedDigits.rotated(Datasets.load("digits", LoadOptions.DEFAULT.asImages()),
        new double[] {0, 30}, new Rng(2));
    assertArrayEquals(new int[] {1797, 1, 8, 8}, img.features().shape().dims());
    assertEquals(2, img.numGroups());
  }

  @Test
  void patchesStampEachClustersPosition() {
    Dataset d = Dataset.classification("z", Tensor.zeros(8, 36), new int[8], 1);
    Dataset p = TransformedDigits.patched(d, 2, 2, 1f, new Rng(3));
    for (int i = 0; i < 8; i++) {
      float[] x = java.util.Arrays.copyOfRange(p.features().data(), i * 36, i * 36 + 36);
      int r0 = p.groups()[i] == 0 ? 0 : 4;
      float sum = 0;
      for (float v : x) {
        sum += v;
      }
      assertEquals(4f, sum);
      assertEquals(1f, x[r0 * 6 + r0]);
      assertEquals(1f, x[(r0 + 1) * 6 + r0 + 1]);
    }
    assertArrayEquals(new int[] {0, 0}, TransformedDigits.patchPositions(6, 6, 2, 2)[0]);
    assertArrayEquals(new int[] {4, 4}, TransformedDigits.patchPositions(6, 6, 2, 2)[1]);
  }

  @Test
  void nonSquareFlatFeaturesAreAnError() {
    Dataset d = Dataset.classification("z", Tensor.wrap(new float[10], Shape.of(2, 5)), new int[2], 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TransformedDigits.rotated(d, 2, new Rng(1)));
    assertEquals("image transform: flat features of width 5 are not a square image; load the data with "
        + "LoadOptions.asImages()", e.getMessage());
  }
}
