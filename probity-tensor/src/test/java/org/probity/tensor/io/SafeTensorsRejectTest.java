package org.probity.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.tensor.io.SafeTensorsFormatException.Problem;

/** Every malformed file is refused with the file's name, the broken rule and words locating it. */
class SafeTensorsRejectTest {
  @TempDir
  Path dir;

  private static final String A_F32_2 = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  /** Writes {@code bytes} to a file, reads it, and checks the refusal. */
  private void refused(byte[] bytes, Problem problem, String... words) throws IOException {
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, bytes);
    SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
    assertEquals(problem, e.problem(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertEquals(file.toString(), e.source());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  private void refusedHeader(String header, byte[] data, Problem problem, String... words) throws IOException {
    refused(Bytes.file(header, data), problem, words);
  }

  @Test
  void fileShorterThan8Bytes() throws IOException {
    refused(new byte[0], Problem.FILE_TOO_SHORT, "0 bytes");
    refused(Bytes.of(2, 0, 0, 0, 0, 0, 0), Problem.FILE_TOO_SHORT, "7 bytes", "8-byte header length");
  }

  @Test
  void headerOver100MB() throws IOException {
    refused(Bytes.concat(Bytes.prefix(100_000_001), "{}".getBytes(StandardCharsets.US_ASCII)), Problem.HEADER_TOO_LARGE,
        "100000001", "100000000");
    refused(Bytes.prefix(-1), Problem.HEADER_TOO_LARGE, "18446744073709551615");
  }

  @Test
  void headerLengthBeyondTheFile() throws IOException {
    refused(Bytes.concat(Bytes.prefix(100), "{}".getBytes(StandardCharsets.US_ASCII)), Problem.HEADER_BEYOND_FILE,
        "header length 100", "10 bytes");
  }

  @Test
  void headerNotUtf8() throws IOException {
    byte[] h = Bytes.concat("{\"a".getBytes(StandardCharsets.US_ASCII), Bytes.of(0xc3, 0x28), "\":1}".getBytes(StandardCharsets.US_ASCII));
    refused(Bytes.concat(Bytes.prefix(h.length), h), Problem.INVALID_UTF8, "UTF-8", "header byte 3");
    byte[] overlong = Bytes.concat("{\"".getBytes(StandardCharsets.US_ASCII), Bytes.of(0xc0, 0xaf), "\":1}".getBytes(StandardCharsets.US_ASCII));
    refused(Bytes.concat(Bytes.prefix(overlong.length), overlong), Problem.INVALID_UTF8, "header byte 2");
    byte[] cut = Bytes.concat("{}".getBytes(StandardCharsets.US_ASCII), Bytes.of(0xe2, 0x82));
    refused(Bytes.concat(Bytes.prefix(cut.length), cut), Problem.INVALID_UTF8);
  }

  @Test
  void headerNotJson() throws IOException {
    refusedHeader("{\"a\":", new byte[0], Problem.INVALID_JSON, "not valid JSON", "end of input", "character 5");
    refusedHeader("{} x", new byte[0], Problem.INVALID_JSON, "character 3");
    refusedHeader("", new byte[0], Problem.INVALID_JSON);
    refusedHeader("{\"__metadata__\":" + "[".repeat(70) + "]".repeat(70) + "}", new byte[0], Problem.INVALID_JSON, "deeper than 64");
  }

  @Test
  void headerNotAnObject() throws IOException {
    refusedHeader("[]", new byte[0], Problem.HEADER_NOT_OBJECT, "an array");
    refusedHeader("null  ", new byte[0], Problem.HEADER_NOT_OBJECT, "null");
    refusedHeader("\"x\"", new byte[0], Problem.HEADER_NOT_OBJECT, "a string");
  }

  @Test
  void duplicateNames() throws IOException {
    refusedHeader("{" + A_F32_2 + "," + A_F32_2 + "}", Bytes.f32(1, 2), Problem.DUPLICATE_KEY, "\"a\" twice");
    refusedHeader("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", new byte[0], Problem.DUPLICATE_KEY, "\"k\" twice");
  }

  @Test
  void malformedEntries() throws IOException {
    refusedHeader("{\"a\":\"F32\"}", new byte[0], Problem.INVALID_ENTRY, "tensor \"a\" is a string");
    refusedHeader("{\"a\":{\"shape\":[],\"data_offsets\":[0,4]}}", Bytes.f32(1), Problem.INVALID_ENTRY, "no field \"dtype\"");
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"offsets\":1}}", Bytes.f32(1),
        Problem.INVALID_ENTRY, "unknown field \"offsets\"");
  }

  @Test
  void unknownDtype() throws IOException {
    for (String dtype : new String[] {"\"F31\"", "\"f32\"", "\"F4\"", "\"\""}) {
      refusedHeader("{\"a\":{\"dtype\":" + dtype + ",\"shape\":[2],\"data_offsets\":[0,8]}}", Bytes.f32(1, 2),
          Problem.UNKNOWN_DTYPE, "tensor \"a\" has unknown dtype " + dtype);
    }
    refusedHeader("{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", Bytes.f32(1, 2), Problem.UNKNOWN_DTYPE,
        "a number, not a string");
  }

  @Test
  void badShapes() throws IOException {
    for (String shape : new String[] {"[-1]", "[2.0]", "[\"2\"]", "[2147483648]", "[null]", "[1,[2]]"}) {
      refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,8]}}", Bytes.f32(1, 2),
          Problem.INVALID_SHAPE, "tensor \"a\" has shape", "not an integer in [0, 2^31-1]");
    }
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", Bytes.f32(1, 2), Problem.INVALID_SHAPE,
        "a number, not a list");
  }

  @Test
  void badOffsets() throws IOException {
    for (String off : new String[] {"[0]", "[0,4,8]", "[-4,4]", "[0.0,8]", "\"0,8\"", "[0,null]", "[]"}) {
      refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + off + "}}", Bytes.f32(1, 2),
          Problem.INVALID_OFFSETS, "not two non-negative integers");
    }
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", Bytes.f32(1, 2),
        Problem.INVALID_OFFSETS, "[8, 4] with begin after end");
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", Bytes.f32(1, 2),
        Problem.INVALID_OFFSETS, "beyond the data buffer of 8 bytes");
  }

  @Test
  void byteLengthNotMatchingShape() throws IOException {
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", Bytes.f32(1, 2),
        Problem.LENGTH_MISMATCH, "tensor \"a\" (F32, shape [3]) needs 12 bytes", "span 8");
    refusedHeader("{\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,8]}}", Bytes.f32(1, 2),
        Problem.LENGTH_MISMATCH, "needs 16 bytes");
    refusedHeader("{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}",
        Bytes.f32(1, 2), Problem.LENGTH_MISMATCH, "overflows");
  }

  @Test
  void overlapsAndGaps() throws IOException {
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", Bytes.f32(1, 2, 3),
        Problem.OVERLAP, "tensor \"b\" [4, 12) overlaps tensor \"a\" [0, 8)");
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", Bytes.f32(1, 2, 3),
        Problem.GAP, "gap of 4 bytes between tensor \"a\" [0, 4) and tensor \"b\" [8, 12)");
    refusedHeader("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", Bytes.f32(1, 2),
        Problem.GAP, "gap of 4 bytes between the start of the data buffer and tensor \"b\"");
    refusedHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}", Bytes.f32(1, 2),
        Problem.OVERLAP, "tensor \"e\" [4, 4) overlaps");
  }

  @Test
  void bytesAfterTheLastTensor() throws IOException {
    refusedHeader("{" + A_F32_2 + "}", Bytes.f32(1, 2, 3), Problem.INCOMPLETE_BUFFER, "cover 8 bytes", "holds 12",
        "4 trailing bytes");
    refusedHeader("{}", Bytes.of(0), Problem.INCOMPLETE_BUFFER, "cover 0 bytes");
  }

  @Test
  void metadataNotStrings() throws IOException {
    refusedHeader("{\"__metadata__\":{\"k\":1}}", new byte[0], Problem.INVALID_METADATA, "key \"k\" is a number");
    refusedHeader("{\"__metadata__\":{\"k\":{}}}", new byte[0], Problem.INVALID_METADATA, "key \"k\" is an object");
    refusedHeader("{\"__metadata__\":[]}", new byte[0], Problem.INVALID_METADATA, "is an array");
    refusedHeader("{\"__metadata__\":\"x\"}", new byte[0], Problem.INVALID_METADATA, "is a string");
  }

  @Test
  void nullMetadataMeansNone() throws IOException {
    SafeTensorsFile f = SafeTensors.read(Bytes.file("{\"__metadata__\":null," + A_F32_2 + "}", Bytes.f32(1, 2)), "null-meta");
    assertEquals(Map.of(), f.metadata());
  }

  @Test
  void tensorsBeyondAJavaArrayAreRefusedBeforeAllocation() throws IOException {
    // A source that claims 3 GB without holding them: validation must fail before any data read.
    String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[3000000000],\"data_offsets\":[0,3000000000]}}";
    byte[] head = Bytes.file(header);
    ByteSource huge = new ByteSource() {
      @Override
      public String name() {
        return "huge";
      }

      @Override
      public long size() {
        return head.length + 3_000_000_000L;
      }

      @Override
      public void read(long pos, ByteBuffer dst) {
        assertTrue(pos + dst.remaining() <= head.length, "read of data at " + pos);
        dst.put(head, (int) pos, dst.remaining());
      }
    };
    SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensorsReader.read(huge));
    assertEquals(Problem.INVALID_SHAPE, e.problem(), "dimensions are ints in this engine: " + e.getMessage());

    String header2 = "{\"a\":{\"dtype\":\"F64\",\"shape\":[300000000],\"data_offsets\":[0,2400000000]}}";
    byte[] head2 = Bytes.file(header2);
    ByteSource huge2 = new ByteSource() {
      @Override
      public String name() {
        return "huge2";
      }

      @Override
      public long size() {
        return head2.length + 2_400_000_000L;
      }

      @Override
      public void read(long pos, ByteBuffer dst) {
        assertTrue(pos + dst.remaining() <= head2.length, "read of data at " + pos);
        dst.put(head2, (int) pos, dst.remaining());
      }
    };
    e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensorsReader.read(huge2));
    assertEquals(Problem.TENSOR_TOO_LARGE, e.problem(), e.getMessage());
    assertTrue(e.getMessage().startsWith("huge2: tensor \"a\" holds 2400000000 bytes"), e.getMessage());
  }

  @Test
  void accessorsRefuseLossyOrWrongConversions() throws IOException {
    byte[] b = SafeTensors.writer().put("f", org.probity.tensor.Tensor.vector(1f)).putLongs("l", new long[] {1L << 40}, 1)
        .putInts("i", new int[] {3}, 1).toBytes();
    SafeTensorsFile f = SafeTensors.read(b, "mixed");
    assertAccess(() -> f.tensor("l"), "tensor \"l\" has dtype I64, not a float dtype; read it with longs() or ints()");
    assertAccess(() -> f.longs("f"), "tensor \"f\" has dtype F32, not an integer dtype; read it with tensor()");
    assertAccess(() -> f.ints("l"), "holds 1099511627776 at index 0, beyond the range of int");
    assertAccess(() -> f.tensor("nope"), "no tensor named \"nope\"; have [l, f, i]");
    assertAccess(f::toParams, "parameters must be float tensors, but [l (I64), i (I32)] are not");
    assertArrayEquals(new int[] {3}, f.ints("i"));
  }

  @Test
  void readsEveryIntegerDtypeAndRawBytes() throws IOException {
    String header = "{\"u64\":{\"dtype\":\"U64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"f64\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]},"
        + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[24,28]},"
        + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[28,30]},"
        + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[30,32]},"
        + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[32,33]},"
        + "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[33,34]},"
        + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[34,36]},"
        + "\"f8\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[36,37]},"
        + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[37,39]},"
        + "\"f16\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[39,41]}}";
    byte[] data = Bytes.concat(
        Bytes.i64(5, -1), // u64: 5 and 2^64-1
        Bytes.of(0, 0, 0, 0, 0, 0, 0xf8, 0x3f), // f64 1.5
        Bytes.of(0xff, 0xff, 0xff, 0xff), // u32 4294967295
        Bytes.of(0xfe, 0xff), // i16 -2
        Bytes.of(0xfe, 0xff), // u16 65534
        Bytes.of(0x80), // i8 -128
        Bytes.of(0x80), // u8 128
        Bytes.of(1, 0), // bool
        Bytes.of(0x38), // an FP8 value, raw only
        Bytes.of(0xc0, 0x3f), // bf16 1.5 (0x3fc0)
        Bytes.of(0x00, 0xbe)); // f16 -1.5 (0xbe00)
    SafeTensorsFile f = SafeTensors.read(Bytes.file(header, data), "dtypes");
    assertAccess(() -> f.longs("u64"), "holds 18446744073709551615 at index 1, beyond the range of long");
    assertArrayEquals(new float[] {1.5f}, f.tensor("f64").data());
    assertArrayEquals(new long[] {4294967295L}, f.longs("u32"));
    assertArrayEquals(new long[] {-2}, f.longs("i16"));
    assertArrayEquals(new long[] {65534}, f.longs("u16"));
    assertArrayEquals(new int[] {-128}, f.ints("i8"));
    assertArrayEquals(new int[] {128}, f.ints("u8"));
    assertArrayEquals(new long[] {1, 0}, f.longs("bool"));
    assertArrayEquals(Bytes.of(0x38), f.bytes("f8"));
    assertAccess(() -> f.tensor("f8"), "read it with bytes()");
    assertArrayEquals(new float[] {1.5f}, f.tensor("bf16").data());
    assertArrayEquals(new float[] {-1.5f}, f.tensor("f16").data());
    assertArrayEquals(Bytes.i64(5, -1), f.bytes("u64"));
  }

  private static void assertAccess(Runnable r, String words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }
}
