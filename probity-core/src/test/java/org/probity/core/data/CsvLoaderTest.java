package org.probity.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private String failure(CsvLoader loader, Path file) {
    DataFileException e = assertThrows(DataFileException.class, () -> loader.load(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertEquals(file.toString(), e.file());
    return e.getMessage();
  }

  @Test
  void readsFeaturesAndIntegerLabelsByName() throws IOException {
    Path f = write("t.csv", "a,b,label\n1.5,2,1\n-3e2, 4 ,0\n\n0,0.25,2\n");
    CsvData d = CsvLoader.label("label").read(f);
    Dataset ds = d.dataset();
    assertEquals("t", ds.name());
    assertEquals(3, ds.size());
    assertArrayEquals(new int[] {3, 2}, ds.features().shape().dims());
    assertArrayEquals(new float[] {1.5f, 2f, -300f, 4f, 0f, 0.25f}, ds.features().data());
    assertArrayEquals(new int[] {1, 0, 2}, ds.labels());
    assertEquals(3, ds.numClasses());
    assertEquals(List.of("a", "b"), d.featureNames());
    assertEquals(List.of("0", "1", "2"), d.classNames());
    assertNull(ds.groups());
  }

  @Test
  void labelByIndexCountsFromTheEndWhenNegative() throws IOException {
    Path f = write("t.csv", "y,a,b\n1,5,6\n0,7,8\n");
    Dataset first = CsvLoader.label(0).load(f);
    assertArrayEquals(new int[] {1, 0}, first.labels());
    assertArrayEquals(new float[] {5, 6, 7, 8}, first.features().data());
    Dataset last = CsvLoader.label(-1).regression().load(f);
    assertArrayEquals(new float[] {6, 8}, last.targets().data());
    assertArrayEquals(new float[] {1, 5, 0, 7}, last.features().data());
  }

  @Test
  void stringLabelsAreSortedUnlessClassesAreGiven() throws IOException {
    Path f = write("t.csv", "x,kind\n1,dog\n2,cat\n3,emu\n4,cat\n");
    CsvData sorted = CsvLoader.label("kind").read(f);
    assertEquals(List.of("cat", "dog", "emu"), sorted.classNames());
    assertArrayEquals(new int[] {1, 0, 2, 0}, sorted.dataset().labels());
    CsvData fixed = CsvLoader.label("kind").classes(List.of("emu", "dog", "cat")).read(f);
    assertArrayEquals(new int[] {1, 2, 0, 2}, fixed.dataset().labels());
    String msg = failure(CsvLoader.label("kind").classes(List.of("dog", "cat")), f);
    assertTrue(msg.contains("line 4, column 2 ('kind'): value 'emu' is not one of the classes [dog, cat]"), msg);
  }

  @Test
  void groupsAndIgnoredColumnsAndQuotes() throws IOException {
    Path f = write("t.csv", "id,\"x, first\",sex,y\nr1,1,F,0\n\"r,2\",2,M,1\nr3,3,F,1\n");
    CsvData d = CsvLoader.label("y").groups("sex").ignore("id").read(f);
    assertEquals(List.of("x, first"), d.featureNames());
    assertArrayEquals(new float[] {1, 2, 3}, d.dataset().features().data());
    assertArrayEquals(new int[] {0, 1, 0}, d.dataset().groups());
    assertEquals(List.of("F", "M"), d.groupNames());
  }

  @Test
  void numClassesWidensIntegerLabelsAndRejectsLargerOnes() throws IOException {
    Path f = write("t.csv", "x,y\n1,0\n2,1\n");
    assertEquals(5, CsvLoader.label("y").numClasses(5).load(f).numClasses());
    String msg = failure(CsvLoader.label("y").numClasses(1), f);
    assertTrue(msg.contains("line 3, column 2 ('y'): label 1 is outside 0..0"), msg);
  }

  @Test
  void gzipByExtensionAndByMagic() throws IOException {
    byte[] text = "a,label\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8);
    for (String name : List.of("t.csv.gz", "renamed.csv")) {
      Path p = dir.resolve(name);
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
        o.write(text);
      }
      Dataset d = CsvLoader.label("label").load(p);
      assertArrayEquals(new float[] {1, 2}, d.features().data());
    }
    assertEquals("t", CsvLoader.label("label").load(dir.resolve("t.csv.gz")).name());
  }

  @Test
  void nonNumericValueNamesFileLineColumnAndValue() throws IOException {
    Path f = write("bad.csv", "a,b,label\n1,2,0\n3,abc,1\n");
    String msg = failure(CsvLoader.label("label"), f);
    assertTrue(msg.endsWith("line 3, column 2 ('b'): value 'abc' is not a number"), msg);
  }

  @Test
  void rejectsNonFiniteAndJavaOnlyNumberForms() throws IOException {
    for (String v : List.of("NaN", "Infinity", "1f", "0x10", "1e999", "--1")) {
      Path f = write("v.csv", "a,label\n" + v + ",0\n");
      String msg = failure(CsvLoader.label("label"), f);
      assertTrue(msg.contains("line 2, column 1 ('a'): value '" + v + "'"), msg);
    }
  }

  @Test
  void emptyValueAndEmptyLabel() throws IOException {
    String msg = failure(CsvLoader.label("label"), write("e.csv", "a,b,label\n1,,0\n"));
    assertTrue(msg.endsWith("line 2, column 2 ('b'): empty value"), msg);
    msg = failure(CsvLoader.label("label"), write("e2.csv", "a,label\n1, \n"));
    assertTrue(msg.endsWith("line 2, column 2 ('label'): empty label"), msg);
  }

  @Test
  void wrongFieldCount() throws IOException {
    String msg = failure(CsvLoader.label("label"), write("w.csv", "a,b,label\n1,2,0\n1,2\n"));
    assertTrue(msg.endsWith("line 3: 2 fields, but the header has 3"), msg);
  }

  @Test
  void missingLabelColumnSuggestsTheClosest() throws IOException {
    String msg = failure(CsvLoader.label("lable"), write("m.csv", "a,b,label\n1,2,0\n"));
    assertTrue(msg.contains("no label column 'lable' in the header [a, b, label]; did you mean 'label'?"), msg);
    msg = failure(CsvLoader.label(7), write("m2.csv", "a,label\n1,0\n"));
    assertTrue(msg.contains("label column index 7 is outside the 2 columns"), msg);
    msg = failure(CsvLoader.label("label").ignore("zz"), write("m3.csv", "a,label\n1,0\n"));
    assertTrue(msg.contains("no column 'zz' to ignore"), msg);
  }

  @Test
  void emptyFileHeaderOnlyAndUnterminatedQuote() throws IOException {
    assertTrue(failure(CsvLoader.label("label"), write("e.csv", "\n\n")).endsWith("empty file; expected a header row"));
    assertTrue(failure(CsvLoader.label("label"), write("h.csv", "a,label\n")).endsWith("no data rows after the header"));
    assertTrue(failure(CsvLoader.label("label"), write("q.csv", "a,label\n\"1,0\n"))
        .endsWith("line 2: unterminated quote"));
  }

  @Test
  void gzNameWithoutGzipDataAndMissingFile() throws IOException {
    String msg = failure(CsvLoader.label("label"), write("x.csv.gz", "a,label\n1,0\n"));
    assertTrue(msg.endsWith("the name ends in .gz but the file is not gzip data"), msg);
    msg = failure(CsvLoader.label("label"), dir.resolve("nope.csv"));
    assertTrue(msg.endsWith("no such file"), msg);
  }

  @Test
  void truncatedGzip() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bytes)) {
      o.write("a,label\n1,0\n2,1\n3,0\n".repeat(50).getBytes(StandardCharsets.UTF_8));
    }
    byte[] all = bytes.toByteArray();
    Path p = dir.resolve("cut.csv.gz");
    Files.write(p, java.util.Arrays.copyOf(all, all.length / 2));
    String msg = failure(CsvLoader.label("label"), p);
    assertTrue(msg.contains("truncated or corrupt gzip data"), msg);
  }

  @Test
  void regressionTargets() throws IOException {
    Dataset d = CsvLoader.label("y").regression().load(write("r.csv", "x,y\n1,0.5\n2,-1.25\n"));
    assertTrue(!d.isClassification());
    assertArrayEquals(new float[] {0.5f, -1.25f}, d.targets().data());
  }

  @Test
  void otherDelimiters() throws IOException {
    Dataset d = CsvLoader.label("y").delimiter(';').load(write("s.csv", "x;y\n1.5;0\n"));
    assertArrayEquals(new float[] {1.5f}, d.features().data());
    String msg = failure(CsvLoader.label("y").delimiter(';'), write("s2.csv", "x;y\n1,5;0\n"));
    assertTrue(msg.endsWith("line 2, column 1 ('x'): value '1,5' is not a number"), msg);
  }
}
