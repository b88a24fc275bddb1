package org.probity.core.data;

import org.probity.core.naming.Suggest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.probity.tensor.Tensor;

/**
 * Reads a table with a header row into a {@link Dataset}: one column is the label (or the
 * regression target), an optional column gives group ids, the named columns to ignore are dropped
 * and every other column must be numeric. Configured fluently and immutable, e.g.
 * {@code CsvLoader.label("label").groups("sex").load(path)}. Strict on purpose: a value that is
 * not a finite number, a row with the wrong number of fields or a missing column stops the load
 * with the file, line, column and value, because silently skipping rows would change what a run
 * measured. Files ending in .gz (or starting with gzip's magic bytes) are decompressed.
 *
 * <p>Labels: when every label is a non-negative integer, it is the class id (classes 0..max, or
 * 0..numClasses-1 if given); otherwise the distinct strings, sorted, are the classes, unless
 * {@link #classes} fixes the order. Group columns follow the same rule.
 */
public final class CsvLoader {
  private final String labelName;
  private final int labelIndex;
  private final boolean regression;
  private final String groupName;
  private final List<String> classes;
  private final int numClasses;
  private final Set<String> ignored;
  private final char delimiter;

  private CsvLoader(String labelName, int labelIndex, boolean regression, String groupName, List<String> classes,
      int numClasses, Set<String> ignored, char delimiter) {
    this.labelName = labelName;
    this.labelIndex = labelIndex;
    this.regression = regression;
    this.groupName = groupName;
    this.classes = classes;
    this.numClasses = numClasses;
    this.ignored = ignored;
    this.delimiter = delimiter;
  }

  /** A loader whose label (or target) is the column named {@code column} in the header. */
  public static CsvLoader label(String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("csv: the label column name is empty");
    }
    return new CsvLoader(column, -1, false, null, null, 0, Set.of(), ',');
  }

  /** A loader whose label is the column at {@code index} (0-based; negative counts from the end, -1 = last). */
  public static CsvLoader label(int index) {
    return new CsvLoader(null, index, false, null, null, 0, Set.of(), ',');
  }

  /** Reads the label column as a numeric regression target instead of a class. */
  public CsvLoader regression() {
    return new CsvLoader(labelName, labelIndex, true, groupName, classes, numClasses, ignored, delimiter);
  }

  /** Reads group ids (for group metrics and group objectives) from the column named {@code column}. */
  public CsvLoader groups(String column) {
    return new CsvLoader(labelName, labelIndex, regression, column, classes, numClasses, ignored, delimiter);
  }

  /** Fixes the classes and their ids: the label value {@code names.get(i)} becomes class i. */
  public CsvLoader classes(List<String> names) {
    if (names.isEmpty() || new TreeSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("csv: classes must be distinct and non-empty, got " + names);
    }
    return new CsvLoader(labelName, labelIndex, regression, groupName, List.copyOf(names), numClasses, ignored,
        delimiter);
  }

  /** For integer labels: the number of classes, when the file might not contain every class. */
  public CsvLoader numClasses(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("csv: numClasses must be positive, got " + k);
    }
    return new CsvLoader(labelName, labelIndex, regression, groupName, classes, k, ignored, delimiter);
  }

  /** Columns to drop (ids, free text). */
  public CsvLoader ignore(String... columns) {
    Set<String> s = new TreeSet<>(ignored);
    s.addAll(Arrays.asList(columns));
    return new CsvLoader(labelName, labelIndex, regression, groupName, classes, numClasses, Set.copyOf(s), delimiter);
  }

  /** The field separator (default ','; e.g. ';' or '\t'). */
  public CsvLoader delimiter(char c) {
    if (c == '"' || c == '\n' || c == '\r') {
      throw new IllegalArgumentException("csv: '" + c + "' cannot be a delimiter");
    }
    return new CsvLoader(labelName, labelIndex, regression, groupName, classes, numClasses, ignored, c);
  }

  /** Loads {@code file}; the dataset is named after the file (without extensions). */
  public Dataset load(Path file) {
    return read(file).dataset();
  }

  public CsvData read(Path file) {
    return read(DataStreams.openRaw(file), file.toString());
  }

  /**
   * Reads from a stream (closed afterwards); {@code source} names the file in error messages and
   * the dataset after it. Gzip is detected from the stream's first bytes.
   */
  public CsvData read(InputStream in, String source) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(DataStreams.maybeGunzip(in, source),
        StandardCharsets.UTF_8), 1 << 16)) {
      return parse(r, source);
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new DataFileException(source, "truncated or corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": read failed: " + e.getMessage(), e);
    }
  }

  private CsvData parse(BufferedReader r, String source) throws IOException {
    String line = r.readLine();
    int lineNo = 1;
    while (line != null && line.isBlank()) {
      line = r.readLine();
      lineNo++;
    }
    if (line == null) {
      throw new DataFileException(source, "empty file; expected a header row");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    List<String> header = split(line, source, lineNo);
    int width = header.size();
    int label = resolveLabel(header, source);
    int group = groupName == null ? -1 : findColumn(header, groupName, source, "group");
    if (group == label) {
      throw new DataFileException(source, "column '" + header.get(label) + "' cannot be both the label and the group");
    }
    for (String ig : ignored) {
      if (!header.contains(ig)) {
        throw new DataFileException(source, "no column '" + ig + "' to ignore" + closestHint(header, ig));
      }
    }
    int[] featureCols = featureColumns(header, label, group);
    List<String> featureNames = new ArrayList<>();
    for (int c : featureCols) {
      featureNames.add(header.get(c));
    }

    FloatBuffer features = new FloatBuffer(1 << 12);
    FloatBuffer targets = new FloatBuffer(256);
    List<String> labelValues = new ArrayList<>();
    List<String> groupValues = new ArrayList<>();
    IntBuffer lines = new IntBuffer(256);
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      List<String> f = split(line, source, lineNo);
      if (f.size() != width) {
        throw new DataFileException(source, "line " + lineNo + ": " + f.size() + " fields, but the header has "
            + width);
      }
      for (int c : featureCols) {
        features.add(number(f.get(c), source, lineNo, c, header.get(c)));
      }
      if (regression) {
        targets.add(number(f.get(label), source, lineNo, label, header.get(label)));
      } else {
        String v = f.get(label).strip();
        if (v.isEmpty()) {
          throw new DataFileException(source, "line " + lineNo + ", column " + (label + 1) + " ('" + header.get(label)
              + "'): empty label");
        }
        labelValues.add(v);
      }
      if (group >= 0) {
        groupValues.add(f.get(group).strip());
      }
      lines.add(lineNo);
    }
    int n = lines.size();
    if (n == 0) {
      throw new DataFileException(source, "no data rows after the header");
    }
    String name = DataStreams.stem(source);
    Tensor x = Tensor.wrap(features.toArray(), org.probity.tensor.Shape.of(n, featureCols.length));
    Dataset ds;
    List<String> classNames = null;
    if (regression) {
      ds = Dataset.regression(name, x, Tensor.wrap(targets.toArray(), org.probity.tensor.Shape.of(n)));
    } else {
      Coded coded = code(labelValues, classes, numClasses, lines.toArray(), source, label, header.get(label));
      classNames = coded.names;
      ds = Dataset.classification(name, x, coded.ids, coded.names.size());
    }
    List<String> groupNames = null;
    if (group >= 0) {
      Coded g = code(groupValues, null, 0, lines.toArray(), source, group, header.get(group));
      groupNames = g.names;
      ds = ds.withGroups(g.ids);
    }
    return new CsvData(ds, featureNames, classNames, groupNames);
  }

  private int resolveLabel(List<String> header, String source) {
    if (labelName != null) {
      return findColumn(header, labelName, source, "label");
    }
    int idx = labelIndex < 0 ? header.size() + labelIndex : labelIndex;
    if (idx < 0 || idx >= header.size()) {
      throw new DataFileException(source, "label column index " + labelIndex + " is outside the " + header.size()
          + " columns of the header");
    }
    return idx;
  }

  private static int findColumn(List<String> header, String name, String source, String role) {
    int found = -1;
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equals(name)) {
        if (found >= 0) {
          throw new DataFileException(source, "the header names the " + role + " column '" + name + "' twice");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new DataFileException(source, "no " + role + " column '" + name + "' in the header " + header
          + closestHint(header, name));
    }
    return found;
  }

  private static String closestHint(List<String> options, String name) {
    String best = Suggest.closest(name, options);
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  private int[] featureColumns(List<String> header, int label, int group) {
    int[] cols = new int[header.size()];
    int k = 0;
    for (int i = 0; i < header.size(); i++) {
      if (i != label && i != group && !ignored.contains(header.get(i))) {
        cols[k++] = i;
      }
    }
    return Arrays.copyOf(cols, k);
  }

  private record Coded(int[] ids, List<String> names) {}

  /** Turns label (or group) strings into ids by the rule in the class comment. */
  private static Coded code(List<String> values, List<String> fixed, int minCount, int[] lines, String source,
      int column, String columnName) {
    int n = values.size();
    int[] ids = new int[n];
    if (fixed != null) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < fixed.size(); i++) {
        index.put(fixed.get(i), i);
      }
      for (int i = 0; i < n; i++) {
        Integer id = index.get(values.get(i));
        if (id == null) {
          throw new DataFileException(source, "line " + lines[i] + ", column " + (column + 1) + " ('" + columnName
              + "'): value '" + values.get(i) + "' is not one of the classes " + fixed);
        }
        ids[i] = id;
      }
      return new Coded(ids, fixed);
    }
    boolean allInts = true;
    for (String v : values) {
      if (!isNonNegativeInt(v)) {
        allInts = false;
        break;
      }
    }
    if (allInts) {
      int max = -1;
      for (int i = 0; i < n; i++) {
        try {
          ids[i] = Integer.parseInt(values.get(i));
        } catch (NumberFormatException e) {
          throw new DataFileException(source, "line " + lines[i] + ", column " + (column + 1) + " ('" + columnName
              + "'): id '" + values.get(i) + "' is too large");
        }
        max = Math.max(max, ids[i]);
      }
      if (minCount > 0 && max >= minCount) {
        int i = 0;
        while (ids[i] != max) {
          i++;
        }
        throw new DataFileException(source, "line " + lines[i] + ", column " + (column + 1) + " ('" + columnName
            + "'): label " + max + " is outside 0.." + (minCount - 1) + " (numClasses " + minCount + ")");
      }
      int k = Math.max(max + 1, minCount);
      List<String> names = new ArrayList<>(k);
      for (int c = 0; c < k; c++) {
        names.add(Integer.toString(c));
      }
      return new Coded(ids, names);
    }
    List<String> names = new ArrayList<>(new TreeSet<>(values));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    for (int i = 0; i < n; i++) {
      ids[i] = index.get(values.get(i));
    }
    return new Coded(ids, names);
  }

  private static boolean isNonNegativeInt(String v) {
    if (v.isEmpty() || v.length() > 9) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Parses a finite decimal number; anything else (text, NaN, Infinity, hex, "1f") is an error. */
  private static float number(String raw, String source, int line, int column, String columnName) {
    String v = raw.strip();
    boolean ok = !v.isEmpty();
    boolean digit = false;
    for (int i = 0; i < v.length() && ok; i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        ok = false;
      }
    }
    if (ok && digit) {
      try {
        double d = Double.parseDouble(v);
        float f = (float) d;
        if (Float.isFinite(f)) {
          return f;
        }
        throw new DataFileException(source, "line " + line + ", column " + (column + 1) + " ('" + columnName
            + "'): value '" + v + "' does not fit in a float");
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new DataFileException(source, "line " + line + ", column " + (column + 1) + " ('" + columnName
        + "'): " + (v.isEmpty() ? "empty value" : "value '" + v + "' is not a number"));
  }

  /** Splits one line on the delimiter; double quotes protect delimiters, "" is a literal quote. */
  private List<String> split(String line, String source, int lineNo) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.toString().isBlank()) {
        quoted = true;
        cur.setLength(0);
      } else if (c == delimiter) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new DataFileException(source, "line " + lineNo + ": unterminated quote");
    }
    out.add(cur.toString().strip());
    return out;
  }

  /** A growable float array, so a large file does not box every value. */
  private static final class FloatBuffer {
    private float[] a;
    private int n;

    FloatBuffer(int capacity) {
      a = new float[capacity];
    }

    void add(float v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  private static final class IntBuffer {
    private int[] a;
    private int n;

    IntBuffer(int capacity) {
      a = new int[capacity];
    }

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
