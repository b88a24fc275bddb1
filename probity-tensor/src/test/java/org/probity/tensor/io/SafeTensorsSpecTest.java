package org.probity.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Checks the bytes against the format description rather than against this package's own reader:
 * files built by hand are read, and the writer's output is compared byte for byte with files built
 * by hand (the cases mirror the upstream serializer's tests: one tensor with an unpadded header, an
 * empty file, metadata only, and a header that needs padding).
 */
class SafeTensorsSpecTest {

  @Test
  void readsAHandBuiltFile() throws Exception {
    byte[] file = Bytes.concat(
        Bytes.of(0x36, 0, 0, 0, 0, 0, 0, 0), // 54, little-endian
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.US_ASCII),
        Bytes.of(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40)); // 1.0f, 2.0f
    assertEquals(8 + 54 + 8, file.length, "the header above is 54 bytes");
    SafeTensorsFile f = SafeTensors.read(file, "hand-built");
    assertEquals(List.of("a"), f.names());
    assertEquals(DType.F32, f.dtype("a"));
    assertEquals(Shape.of(2), f.shape("a"));
    assertArrayEquals(new float[] {1f, 2f}, f.tensor("a").data());
    assertEquals(Map.of(), f.metadata());
  }

  @Test
  void readsPaddedHeadersAndOrdersByOffsetNotByHeaderOrder() throws Exception {
    String header = "{\"second\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
        + "\"__metadata__\":{\"k\":\"v\"},"
        + "\"first\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
    byte[] file = Bytes.file(header + "       ", Bytes.f32(-1.5f, 3f), Bytes.i64(-7));
    SafeTensorsFile f = SafeTensors.read(file, "padded");
    assertEquals(List.of("first", "second"), f.names());
    assertArrayEquals(new long[] {-7}, f.longs("second"));
    assertEquals(Shape.scalar(), f.shape("second"));
    assertArrayEquals(new float[] {-1.5f, 3f}, f.tensor("first").data());
    assertEquals(Map.of("k", "v"), f.metadata());
  }

  @Test
  void writesOneTensorExactlyAsSpecified() {
    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(64, header.length(), "already a multiple of 8: no padding");
    byte[] expected = Bytes.concat(Bytes.of(64, 0, 0, 0, 0, 0, 0, 0), header.getBytes(StandardCharsets.US_ASCII),
        Bytes.of(0, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xa0, 0x40));
    Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
    assertArrayEquals(expected, SafeTensors.writer().put("attn.0", t).toBytes());
  }

  @Test
  void padsTheHeaderWithSpacesToAMultipleOf8() {
    String header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(65, header.length());
    byte[] expected = Bytes.concat(Bytes.of(72, 0, 0, 0, 0, 0, 0, 0),
        (header + "       ").getBytes(StandardCharsets.US_ASCII), Bytes.f32(0, 1, 2, 3, 4, 5));
    Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3);
    assertArrayEquals(expected, SafeTensors.writer().put("attn0", t).toBytes());
  }

  @Test
  void writesEmptyFilesAndMetadataOnlyFiles() throws Exception {
    assertArrayEquals(Bytes.of(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '),
        SafeTensors.writer().toBytes());
    String header = "{\"__metadata__\":{\"framework\":\"pt\"}}";
    assertEquals(35, header.length());
    byte[] expected = Bytes.concat(Bytes.of(40, 0, 0, 0, 0, 0, 0, 0), (header + "     ").getBytes(StandardCharsets.US_ASCII));
    byte[] written = SafeTensors.writer().metadata("framework", "pt").toBytes();
    assertArrayEquals(expected, written);
    assertEquals(Map.of("framework", "pt"), SafeTensors.read(written, "meta").metadata());
    assertEquals(0, SafeTensors.read(written, "meta").size());
  }

  @Test
  void ordersWiderDtypesFirstSoEveryTensorIsAligned() {
    byte[] written = SafeTensors.writer()
        .put("b", Tensor.vector(1f)) // 4 bytes
        .putLongs("c", new long[] {5}, 1) // 8 bytes
        .put("a", Tensor.vector(2f, 3f), DType.F16) // 2 bytes each
        .putInts("d", new int[] {9}) // scalar, 4 bytes
        .toBytes();
    String expectedHeader = "{\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
        + "\"d\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[12,16]},"
        + "\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[16,20]}}";
    int n = expectedHeader.length();
    int padded = (n + 7) / 8 * 8;
    byte[] expected = Bytes.concat(Bytes.prefix(padded), (expectedHeader + " ".repeat(padded - n)).getBytes(StandardCharsets.US_ASCII),
        Bytes.i64(5), Bytes.f32(1f), Bytes.of(9, 0, 0, 0), Bytes.of(0x00, 0x40, 0x00, 0x42)); // f16 2.0 = 0x4000, 3.0 = 0x4200
    assertArrayEquals(expected, written);
  }

  @Test
  void escapesNamesAndMetadataLikeJson() throws Exception {
    byte[] written = SafeTensors.writer().put("we\"ird\\name\n", Tensor.scalar(1f)).metadata("ключ", "tab\tand é").toBytes();
    String header = "{\"__metadata__\":{\"ключ\":\"tab\\tand é\"},\"we\\\"ird\\\\name\\n\":{\"dtype\":\"F32\",\"shape\":[],"
        + "\"data_offsets\":[0,4]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    byte[] expected = Bytes.concat(Bytes.prefix(padded), h, " ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII),
        Bytes.f32(1f));
    assertArrayEquals(expected, written);
    SafeTensorsFile f = SafeTensors.read(written, "escaped");
    assertEquals(List.of("we\"ird\\name\n"), f.names());
    assertEquals("tab\tand é", f.metadata().get("ключ"));
  }

  @Test
  void refusesNamesThatAreNotUnicode() {
    SafeTensorsWriter w = SafeTensors.writer().put("bad\uD800", Tensor.scalar(1f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::toBytes);
    assertTrue(e.getMessage().contains("lone surrogate"), e.getMessage());
  }
}
