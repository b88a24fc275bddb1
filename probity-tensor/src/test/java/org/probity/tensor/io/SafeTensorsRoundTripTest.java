package org.probity.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.tensor.Rng;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

class SafeTensorsRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void roundTripsFloatsLongsIntsScalarsEmptiesAndMetadata() throws IOException {
    Rng rng = new Rng(7);
    Tensor w = Tensor.randn(rng, 3, 4);
    Tensor scalar = Tensor.scalar(-0.5f);
    Tensor empty = Tensor.zeros(0);
    Tensor empty2 = Tensor.zeros(3, 0, 2);
    long[] labels = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 42, 7};
    int[] idx = {Integer.MIN_VALUE, 0, Integer.MAX_VALUE};
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", "100");
    meta.put("note", "ünïcode \"quoted\" \n 😀");
    meta.put("", "empty key");

    Path file = dir.resolve("all.safetensors");
    SafeTensors.writer()
        .put("w", w).put("scalar", scalar).put("empty", empty).put("empty2", empty2)
        .putLongs("labels", labels, 2, 3).putInts("idx", idx, 3).putLongs("none", new long[0], 0)
        .metadata(meta)
        .write(file);

    SafeTensorsFile f = SafeTensors.read(file);
    assertEquals(List.of("labels", "none", "w", "scalar", "empty", "empty2", "idx"), f.names(),
        "I64 first, then the 4-byte types in insertion order");
    assertArrayEquals(w.data(), f.tensor("w").data());
    assertEquals(Shape.of(3, 4), f.tensor("w").shape());
    assertEquals(Shape.scalar(), f.shape("scalar"));
    assertEquals(-0.5f, f.tensor("scalar").item());
    assertEquals(Shape.of(0), f.tensor("empty").shape());
    assertEquals(Shape.of(3, 0, 2), f.tensor("empty2").shape());
    assertArrayEquals(labels, f.longs("labels"));
    assertEquals(Shape.of(2, 3), f.shape("labels"));
    assertArrayEquals(new long[0], f.longs("none"));
    assertArrayEquals(idx, f.ints("idx"));
    assertEquals(DType.I32, f.dtype("idx"));
    assertEquals(meta, f.metadata());
    assertEquals(List.copyOf(meta.keySet()), List.copyOf(f.metadata().keySet()), "metadata keeps its order");
    assertEquals(file.toString(), f.source());
  }

  @Test
  void everyTensorIsAlignedToItsElementSize() throws IOException {
    byte[] b = SafeTensors.writer().put("x", Tensor.vector(1f), DType.F16).put("y", Tensor.vector(1f, 2f, 3f))
        .put("z", Tensor.vector(4f), DType.F64).putLongs("q", new long[] {1}, 1).toBytes();
    SafeTensorsFile f = SafeTensors.read(b, "aligned");
    long headerEnd = b.length - f.infos().stream().mapToLong(TensorInfo::byteLength).sum();
    assertEquals(0, headerEnd % 8, "data starts on an 8-byte boundary");
    for (TensorInfo t : f.infos()) {
      assertEquals(0, t.begin() % t.dtype().size(), t.toString());
    }
  }

  @Test
  void storesHalfBfloatAndDoublePrecision() throws IOException {
    float[] values = {1f, -2.5f, 0.1f, 65504f, 1e-8f, 3.14159265f, Float.NEGATIVE_INFINITY, 70000f};
    Tensor t = Tensor.of(values, 2, 4);
    byte[] b = SafeTensors.writer().put("h", t, DType.F16).put("b", t, DType.BF16).put("d", t, DType.F64).toBytes();
    SafeTensorsFile f = SafeTensors.read(b, "precisions");
    for (int i = 0; i < values.length; i++) {
      assertEquals(HalfFloats.f16ToFloat(HalfFloats.floatToF16(values[i])), f.tensor("h").data()[i]);
      assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(values[i])), f.tensor("b").data()[i]);
    }
    assertArrayEquals(values, f.tensor("d").data(), "float -> double -> float is exact");
    assertEquals(Shape.of(2, 4), f.tensor("h").shape());
    assertEquals(0.0999755859375f, f.tensor("h").data()[2], "0.1 in binary16");
    assertEquals(Float.POSITIVE_INFINITY, f.tensor("h").data()[7], "70000 overflows binary16");
    assertEquals(DType.F16, f.dtype("h"));
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.writer().put("i", t, DType.I32));
  }

  @Test
  void paramsComeBackInTheirOwnOrderWithMetadata() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    Rng rng = new Rng(1);
    m.put("z.weight", Tensor.randn(rng, 2, 3));
    m.put("a.bias", Tensor.randn(rng, 3));
    m.put("m.scale", Tensor.scalar(2f));
    Params p = Params.of(m);
    Path file = dir.resolve("sub/dir/params.safetensors");
    SafeTensors.save(file, p, Map.of("model", "mlp"));
    Params back = SafeTensors.loadParams(file);
    assertEquals(p.names(), back.names());
    for (String name : p.names()) {
      assertEquals(p.get(name).shape(), back.get(name).shape());
      assertArrayEquals(p.get(name).data(), back.get(name).data());
    }
    assertArrayEquals(p.flatten().data(), back.flatten().data());
    assertEquals(Map.of("model", "mlp"), SafeTensors.read(file).metadata());
  }

  @Test
  void mapWriteKeepsMapOrder() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("second", Tensor.vector(2f));
    m.put("first", Tensor.vector(1f));
    Path file = dir.resolve("m.safetensors");
    SafeTensors.write(file, m, Map.of());
    assertEquals(List.of("second", "first"), SafeTensors.read(file).names());
  }

  @Test
  void toBytesEqualsTheWrittenFile() throws IOException {
    SafeTensorsWriter w = SafeTensors.writer().put("a", Tensor.randn(new Rng(3), 5, 7)).metadata("k", "v");
    Path file = dir.resolve("x.safetensors");
    w.write(file);
    assertArrayEquals(w.toBytes(), Files.readAllBytes(file));
  }

  @Test
  void largeTensorsCrossTheWriteBufferIntact() throws IOException {
    // More than the writer's 64 KiB chunk and the reader's 1 MiB chunk, with an odd-width
    // neighbour so chunks split mid-tensor, and a header longer than one write chunk.
    Tensor big = Tensor.randn(new Rng(5), 300_001);
    Tensor half = Tensor.randn(new Rng(6), 40_003);
    long[] longs = new long[9_000];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = i * 1_000_003L - 17;
    }
    Path file = dir.resolve("big.safetensors");
    String blob = "x".repeat(100_000);
    SafeTensors.writer().put("half", half, DType.BF16).put("big", big).putLongs("l", longs, longs.length)
        .metadata("blob", blob).write(file);
    SafeTensorsFile f = SafeTensors.read(file);
    assertArrayEquals(big.data(), f.tensor("big").data());
    assertEquals(blob, f.metadata().get("blob"));
    assertArrayEquals(longs, f.longs("l"));
    float[] h = f.tensor("half").data();
    for (int i = 0; i < h.length; i++) {
      assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(half.data()[i])), h[i]);
    }
  }

  @Property(tries = 40)
  void randomFilesRoundTrip(@ForAll @IntRange(min = 0, max = 6) int count, @ForAll long seed) throws IOException {
    Rng rng = new Rng(seed);
    SafeTensorsWriter w = SafeTensors.writer();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int rank = rng.nextInt(4);
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) {
        shape[d] = rng.nextInt(4);
      }
      Shape s = Shape.of(shape);
      if (rng.nextInt(2) == 0) {
        Tensor t = Tensor.randn(rng, shape);
        w.put("t" + i, t);
        expected.put("t" + i, t);
      } else {
        long[] v = new long[s.size()];
        for (int j = 0; j < v.length; j++) {
          v[j] = rng.nextLong();
        }
        w.putLongs("t" + i, v, shape);
        expected.put("t" + i, v);
      }
    }
    SafeTensorsFile f = SafeTensors.read(w.toBytes(), "random");
    assertEquals(expected.keySet(), Set.copyOf(f.names()));
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      if (e.getValue() instanceof Tensor t) {
        assertArrayEquals(t.data(), f.tensor(e.getKey()).data());
        assertEquals(t.shape(), f.shape(e.getKey()));
      } else {
        assertArrayEquals((long[]) e.getValue(), f.longs(e.getKey()));
      }
    }
  }

  @Test
  void atomicWriteLeavesOnlyTheTargetAndReplacesAnOldFile() throws IOException {
    Path file = dir.resolve("ckpt.safetensors");
    SafeTensors.writer().put("a", Tensor.vector(1f)).write(file);
    SafeTensors.writer().put("a", Tensor.vector(2f, 3f)).write(file);
    assertEquals(List.of("ckpt.safetensors"), listing(dir));
    assertArrayEquals(new float[] {2f, 3f}, SafeTensors.read(file).tensor("a").data());
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFileAndTheOldContents() throws IOException {
    // The target is a non-empty folder, so the final move fails after the data was written.
    Path target = dir.resolve("taken.safetensors");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep.txt"), "old");
    assertThrows(IOException.class, () -> SafeTensors.writer().put("a", Tensor.vector(1f)).write(target));
    assertEquals(List.of("taken.safetensors"), listing(dir));
    assertEquals("old", Files.readString(target.resolve("keep.txt")));
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writerRefusesBadInput() {
    SafeTensorsWriter w = SafeTensors.writer().put("a", Tensor.vector(1f));
    assertMessage(() -> w.put("a", Tensor.vector(2f)), "duplicate tensor name \"a\"");
    assertMessage(() -> w.put("__metadata__", Tensor.vector(2f)), "reserved");
    assertMessage(() -> w.putLongs("l", new long[] {1, 2, 3}, 2, 2), "3 values, which do not fit shape [2, 2]");
    assertMessage(() -> w.putInts("l", new int[] {1, 2}), "2 values, which do not fit shape []");
    assertMessage(() -> w.metadata("k", null), "null key or value");
  }

  private static void assertMessage(Runnable r, String words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }
}
