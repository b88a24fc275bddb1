package org.probity.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesEveryKindOfValue() {
    Object v = Json.parse(" {\"a\": [1, -2, 3.5, -0.25e2, 1E+3, true, false, null], \"b\": {}, \"c\": [], \"d\": \"x\"}\n");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(m.keySet()), "keys keep text order");
    List<Object> a = new ArrayList<>();
    a.add(1L);
    a.add(-2L);
    a.add(3.5);
    a.add(-25.0);
    a.add(1000.0);
    a.add(true);
    a.add(false);
    a.add(null);
    assertEquals(a, m.get("a"));
    assertEquals(Map.of(), m.get("b"));
    assertEquals(List.of(), m.get("c"));
    assertEquals("x", m.get("d"));
    assertNull(Json.parse("null"));
    assertEquals(0L, Json.parse("-0"));
  }

  @Test
  void integersAreLongsAndBigIntegersBeyond() {
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
    assertEquals(123456789012345678L, Json.parse("123456789012345678"));
  }

  @Test
  void decodesAllEscapesAndSurrogatePairs() {
    assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
    assertEquals("é\u0000A", Json.parse("\"\\u00e9\\u0000\\u0041\""));
    assertEquals("\uD83D\uDE00", Json.parse("\"\\uD83D\\ude00\""), "U+1F600 as an escaped surrogate pair");
    assertEquals("a😀b", Json.parse("\"a😀b\""), "raw non-BMP characters pass through");
  }

  @Test
  void refusesTrailingGarbageWithItsOffset() {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":1} x"));
    assertEquals(8, e.offset());
    assertTrue(e.getMessage().contains("after the JSON value"), e.getMessage());
    assertThrows(JsonException.class, () -> Json.parse("1 2"));
    assertThrows(JsonException.class, () -> Json.parse("{}{}"));
  }

  @Test
  void refusesDuplicateKeysNamingTheKey() {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":1,\"b\":2,\"a\":3}"));
    assertEquals("a", e.duplicateKey());
    assertEquals(13, e.offset());
    assertTrue(e.getMessage().contains("duplicate key \"a\""), e.getMessage());
  }

  @Test
  void acceptsDepth64AndRefusesDepth65() {
    assertEquals(1L, unwrap(Json.parse("[".repeat(63) + "1" + "]".repeat(63)), 63));
    Json.parse("[".repeat(64) + "]".repeat(64));
    JsonException e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(65) + "]".repeat(65)));
    assertEquals(64, e.offset());
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    assertThrows(JsonException.class, () -> Json.parse("{\"a\":".repeat(65) + "1" + "}".repeat(65)));
  }

  private static Object unwrap(Object v, int levels) {
    for (int i = 0; i < levels; i++) {
      v = ((List<?>) v).get(0);
    }
    return v;
  }

  @Test
  void refusesMalformedTextWithOffsets() {
    assertOffset("", 0, "end of input");
    assertOffset("   ", 3, "end of input");
    assertOffset("{\"a\" 1}", 5, "expected ':'");
    assertOffset("{\"a\":1,}", 7, "expected a string key");
    assertOffset("[1,]", 3, "expected a value");
    assertOffset("[1 2]", 3, "expected ',' or ']'");
    assertOffset("{a:1}", 1, "expected a string key");
    assertOffset("01", 0, "leading zero");
    assertOffset("-", 1, "expected a digit");
    assertOffset("1.", 2, "after the decimal point");
    assertOffset("1e", 2, "in the exponent");
    assertOffset(".5", 0, "expected a value");
    assertOffset("+1", 0, "expected a value");
    assertOffset("1e999", 0, "too large");
    assertOffset("tru", 0, "expected 'true'");
    assertOffset("nul", 0, "expected 'null'");
    assertOffset("NaN", 0, "expected a value");
    assertOffset("\"abc", 0, "unterminated string");
    assertOffset("\"a\tb\"", 2, "control character");
    assertOffset("\"\\x\"", 1, "invalid escape");
    assertOffset("\"\\u12G4\"", 5, "invalid hex digit");
    assertOffset("\"\\u12\"xx", 5, "invalid hex digit");
    assertOffset("\"\\u12", 1, "truncated");
    assertOffset("\"\\uD800\"", 1, "lone high surrogate");
    assertOffset("\"\\uD800\\u0041\"", 7, "not a low surrogate");
    assertOffset("\"\\uDC00\"", 1, "lone low surrogate");
    assertOffset("\"\\u０１２３\"", 3, "invalid hex digit");
  }

  private static void assertOffset(String text, int offset, String words) {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(text), text);
    assertTrue(e.getMessage().contains(words), () -> text + " -> " + e.getMessage());
    assertEquals(offset, e.offset(), () -> text + " -> " + e.getMessage());
    assertTrue(e.getMessage().endsWith("at character " + offset), e.getMessage());
  }

  @Test
  void writesCompactJsonLikeSerde() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dtype", "F32");
    m.put("shape", new int[] {1, 2, 3});
    m.put("data_offsets", new long[] {0, 24});
    m.put("list", Arrays.asList(1L, 2.5, true, null, "s"));
    m.put("empty", Map.of());
    assertEquals("{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24],\"list\":[1,2.5,true,null,\"s\"],"
        + "\"empty\":{}}", Json.write(m));
    assertEquals("\"q\\\"b\\\\n\\n\\u0001\\u001f/é\"", Json.write("q\"b\\n\n\u0001\u001f/é"));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
  }

  @Property(tries = 300)
  void stringsRoundTrip(@ForAll String s) {
    // jqwik's strings include control characters, quotes and backslashes.
    String noLoneSurrogates = s.codePoints().filter(c -> c < 0xD800 || c > 0xDFFF)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    assertEquals(noLoneSurrogates, Json.parse(Json.quote(noLoneSurrogates)));
  }

  @Property(tries = 300)
  void numbersRoundTrip(@ForAll long l, @ForAll double d) {
    assertEquals(l, Json.parse(Json.write(l)));
    if (Double.isFinite(d)) {
      Object back = Json.parse(Json.write(d));
      assertEquals(d, ((Number) back).doubleValue());
    }
  }

  @Test
  void nestedStructuresRoundTrip() {
    String text = "{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
    assertEquals(text, Json.write(Json.parse(text)));
  }
}
