package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Datasets.DATA_PROPERTY);
  }

  private static int[] counts(Dataset d) {
    int[] c = new int[d.numClasses()];
    for (int y : d.labels()) {
      c[y]++;
    }
    return c;
  }

  @Test
  void namesListBundledThenFetched() {
    assertEquals(List.of("digits", "iris", "wine", "breast-cancer", "fashion-mnist", "mnist"), Datasets.names());
    assertTrue(Datasets.info("iris").bundled());
    assertFalse(Datasets.info("mnist").bundled());
    assertEquals("./probity data fetch mnist", Datasets.info("mnist").fetchCommand());
  }

  @Test
  void digits() {
    Dataset d = Datasets.load("digits");
    assertEquals("digits", d.name());
    assertArrayEquals(new int[] {1797, 64}, d.features().shape().dims());
    assertEquals(10, d.numClasses());
    assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts(d));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : d.features().data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    // sklearn's first digit: 0,0,5,13,9,1,0,0,... label 0
    assertEquals(5 / 16f, d.features().data()[2], 1e-7f);
    assertEquals(13 / 16f, d.features().data()[3], 1e-7f);
    assertEquals(0, d.labels()[0]);
    Dataset raw = Datasets.load("digits", LoadOptions.DEFAULT.raw().asImages());
    assertArrayEquals(new int[] {1797, 1, 8, 8}, raw.features().shape().dims());
    assertEquals(13f, raw.features().data()[3]);
    assertArrayEquals(new int[] {1, 8, 8}, Datasets.info("digits").imageShape());
  }

  @Test
  void iris() {
    Dataset d = Datasets.load("iris");
    assertArrayEquals(new int[] {150, 4}, d.features().shape().dims());
    assertArrayEquals(new int[] {50, 50, 50}, counts(d));
    assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, java.util.Arrays.copyOf(d.features().data(), 4));
    assertEquals(List.of("setosa", "versicolor", "virginica"), Datasets.info("iris").classNames());
  }

  @Test
  void wine() {
    Dataset d = Datasets.load("wine");
    assertArrayEquals(new int[] {178, 13}, d.features().shape().dims());
    assertArrayEquals(new int[] {59, 71, 48}, counts(d));
    assertEquals(14.23f, d.features().data()[0]);
    assertEquals(1065f, d.features().data()[12]);
  }

  @Test
  void breastCancerAcceptsUnderscoresAndCase() {
    Dataset d = Datasets.load("Breast_Cancer");
    assertEquals("breast-cancer", d.name());
    assertArrayEquals(new int[] {569, 30}, d.features().shape().dims());
    assertArrayEquals(new int[] {212, 357}, counts(d));
    assertEquals(List.of("malignant", "benign"), Datasets.info("breast-cancer").classNames());
  }

  @Test
  void unknownNameListsKnownOnesAndTheClosest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("digts"));
    assertEquals("unknown dataset 'digts' (did you mean 'digits'?); known: digits, iris, wine, breast-cancer, "
        + "fashion-mnist, mnist", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar10"));
    assertTrue(e.getMessage().startsWith("unknown dataset 'cifar10'; known: digits"), e.getMessage());
  }

  @Test
  void partsNeedAnOfficialSplit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Datasets.officialSplit("iris"));
    assertTrue(e.getMessage().contains("dataset 'iris' has no official train/test split"), e.getMessage());
  }

  @Test
  void missingFetchedDatasetNamesTheFetchCommand() {
    Assumptions.assumeTrue(System.getenv(Datasets.DATA_ENV) == null, "PROBITY_DATA is set");
    System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
    assertFalse(Datasets.isAvailable("mnist"));
    DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> Datasets.load("mnist"));
    assertEquals("mnist", e.dataset());
    assertEquals("./probity data fetch mnist", e.fetchCommand());
    assertTrue(e.getMessage().startsWith("dataset 'mnist' is not on this machine; fetch it with: ./probity data "
        + "fetch mnist (or scripts/fetch-data.sh mnist); looked in: " + dir.resolve("mnist")), e.getMessage());
    assertEquals(dir.resolve("mnist").toAbsolutePath(), e.searched().get(0));
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void incompleteFolderSaysWhatIsMissing() throws IOException {
    Assumptions.assumeTrue(System.getenv(Datasets.DATA_ENV) == null, "PROBITY_DATA is set");
    System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
    Path m = Files.createDirectories(dir.resolve("mnist"));
    IdxLoader.writeLabels(m.resolve("labels-idx1-ubyte.gz"), new int[] {1});
    DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> Datasets.load("mnist"));
    assertTrue(e.getMessage().startsWith("dataset 'mnist' is incomplete in " + m
        + " (missing images-idx3-ubyte.gz); fetch it with"), e.getMessage());
  }

  private static void fakeImages(Path file, int n, int firstPixel) {
    byte[] px = new byte[n * 28 * 28];
    for (int i = 0; i < n; i++) {
      px[i * 784] = (byte) (firstPixel + i);
    }
    IdxLoader.writeImages(file, new IdxLoader.Images(n, 28, 28, px));
  }

  @Test
  void fetchedFashionMnistPartsFromTheDataProperty() throws IOException {
    System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
    Path f = Files.createDirectories(dir.resolve("fashion-mnist"));
    fakeImages(f.resolve("train-images-idx3-ubyte.gz"), 3, 10);
    IdxLoader.writeLabels(f.resolve("train-labels-idx1-ubyte.gz"), new int[] {9, 0, 1});
    // Uncompressed files are accepted too.
    fakeImages(f.resolve("t10k-images-idx3-ubyte"), 2, 20);
    IdxLoader.writeLabels(f.resolve("t10k-labels-idx1-ubyte"), new int[] {4, 5});
    assertTrue(Datasets.isAvailable("fashion-mnist"));
    assertEquals(f.toAbsolutePath(), Datasets.locate("fashion-mnist").orElseThrow());

    Dataset all = Datasets.load("fashion-mnist");
    assertArrayEquals(new int[] {5, 784}, all.features().shape().dims());
    assertArrayEquals(new int[] {9, 0, 1, 4, 5}, all.labels());
    assertEquals(10, all.numClasses());
    assertEquals(21 / 255f, all.features().data()[4 * 784], 1e-7f);

    Split s = Datasets.officialSplit("fashion-mnist", LoadOptions.DEFAULT.asImages().raw());
    assertArrayEquals(new int[] {3, 1, 28, 28}, s.train().features().shape().dims());
    assertArrayEquals(new int[] {4, 5}, s.test().labels());
    assertEquals(12f, s.train().features().data()[2 * 784]);
    assertArrayEquals(new int[] {9, 0, 1},
        Datasets.load("fashion-mnist", LoadOptions.DEFAULT.withPart(LoadOptions.Part.TRAIN)).labels());
  }

  @Test
  void fetchedMnist() throws IOException {
    System.setProperty(Datasets.DATA_PROPERTY, dir.toString());
    Path m = Files.createDirectories(dir.resolve("mnist"));
    fakeImages(m.resolve("images-idx3-ubyte.gz"), 2, 255);
    IdxLoader.writeLabels(m.resolve("labels-idx1-ubyte.gz"), new int[] {0, 1});
    Dataset d = Datasets.load("mnist");
    assertEquals(10, d.numClasses());
    assertEquals(1f, d.features().data()[0], 1e-7f);
  }
}
