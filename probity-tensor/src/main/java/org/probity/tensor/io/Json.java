package org.probity.tensor.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for safetensors headers, written here because
 * probity-tensor depends on nothing. Values map to plain Java: objects to {@code LinkedHashMap}
 * (keys in text order), arrays to {@code ArrayList}, strings to {@code String}, integers to
 * {@code Long} (or {@code BigInteger} beyond the range of long), other numbers to a finite
 * {@code Double}, {@code true}/{@code false} to {@code Boolean} and {@code null} to {@code null}.
 *
 * <p>Strict means that whatever RFC 8259 does not allow is refused rather than guessed at: trailing
 * content, duplicate object keys, leading zeros, unescaped control characters, lone surrogates in
 * {@code \\u} escapes, numbers too large for a double, and nesting deeper than {@value #MAX_DEPTH}
 * (so that a hostile header cannot exhaust the stack). Every refusal is a {@link JsonException}
 * carrying the character offset. The writer emits compact JSON the way serde_json does (no spaces;
 * only {@code "}, {@code \\} and control characters escaped), so headers match the reference
 * safetensors writer byte for byte.
 */
public final class Json {
  /** The deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value, allowing only whitespace around it.
   *
   * @throws JsonException naming the problem and its character offset
   */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw new JsonException("unexpected " + describe(text.charAt(p.pos)) + " after the JSON value", p.pos);
    }
    return value;
  }

  // ---------------------------------------------------------------- reading

  private Object value() {
    if (pos >= text.length()) {
      throw new JsonException("unexpected end of input, expected a value", pos);
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new JsonException("unexpected " + describe(c) + ", expected a value", pos);
    }
  }

  private Map<String, Object> object() {
    enter();
    pos++; // '{'
    Map<String, Object> out = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw new JsonException(found() + ", expected a string key", pos);
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':', "after object key");
      skipWhitespace();
      Object v = value();
      if (out.containsKey(key)) {
        throw new JsonException("duplicate key " + quote(key), keyAt, key);
      }
      out.put(key, v);
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        depth--;
        return out;
      } else {
        throw new JsonException(found() + ", expected ',' or '}' in object", pos);
      }
    }
  }

  private List<Object> array() {
    enter();
    pos++; // '['
    List<Object> out = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return out;
    }
    while (true) {
      skipWhitespace();
      out.add(value());
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        depth--;
        return out;
      } else {
        throw new JsonException(found() + ", expected ',' or ']' in array", pos);
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new JsonException("nesting deeper than " + MAX_DEPTH + " levels", pos);
    }
  }

  private String string() {
    int start = pos;
    pos++; // opening quote
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= text.length()) {
        throw new JsonException("unterminated string starting", start);
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) {
        throw new JsonException("unescaped control character " + describe(c) + " in string", pos);
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(text, runStart, pos);
      escape(sb);
      runStart = pos;
    }
  }

  /** Decodes the escape at {@code pos} (a backslash) into {@code sb}. */
  private void escape(StringBuilder sb) {
    int at = pos;
    pos++;
    if (pos >= text.length()) {
      throw new JsonException("unterminated escape sequence", at);
    }
    char e = text.charAt(pos++);
    switch (e) {
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case '/' -> sb.append('/');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        char u = hex4(at);
        if (Character.isHighSurrogate(u)) {
          int lowAt = pos;
          if (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
            pos += 2;
            char low = hex4(lowAt);
            if (!Character.isLowSurrogate(low)) {
              throw new JsonException("high surrogate \\u" + hex(u) + " followed by \\u" + hex(low)
                  + ", which is not a low surrogate", lowAt);
            }
            sb.append(u).append(low);
          } else {
            throw new JsonException("lone high surrogate \\u" + hex(u) + " (no low surrogate escape follows)", at);
          }
        } else if (Character.isLowSurrogate(u)) {
          throw new JsonException("lone low surrogate \\u" + hex(u), at);
        } else {
          sb.append(u);
        }
      }
      default -> throw new JsonException("invalid escape sequence \\" + describeRaw(e), at);
    }
  }

  private char hex4(int escapeAt) {
    if (pos + 4 > text.length()) {
      throw new JsonException("truncated \\u escape", escapeAt);
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = text.charAt(pos + i);
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) {
        throw new JsonException("invalid hex digit " + describe(c) + " in \\u escape", pos + i);
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    char c = peek();
    if (c == '0') {
      pos++;
      if (isDigit(peek())) {
        throw new JsonException("leading zero in number", start);
      }
    } else if (isDigit(c)) {
      while (isDigit(peek())) {
        pos++;
      }
    } else {
      throw new JsonException(found() + ", expected a digit in number", pos);
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      digits("after the decimal point");
    }
    c = peek();
    if (c == 'e' || c == 'E') {
      integral = false;
      pos++;
      c = peek();
      if (c == '+' || c == '-') {
        pos++;
      }
      digits("in the exponent");
    }
    String literal = text.substring(start, pos);
    if (integral) {
      if (literal.length() <= 18) {
        return Long.parseLong(literal); // fits: at most 18 digits (with sign)
      }
      BigInteger big = new BigInteger(literal);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    double d = Double.parseDouble(literal);
    if (Double.isInfinite(d)) {
      throw new JsonException("number " + literal + " is too large for a double", start);
    }
    return d;
  }

  private void digits(String where) {
    if (!isDigit(peek())) {
      throw new JsonException(found() + ", expected a digit " + where, pos);
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw new JsonException("invalid literal, expected '" + word + "'", pos);
    }
    pos += word.length();
  }

  private void expect(char c, String where) {
    if (peek() != c) {
      throw new JsonException(found() + ", expected '" + c + "' " + where, pos);
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The character at pos, or 0 at the end (never a valid token start, so checks fail cleanly). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private String found() {
    return pos < text.length() ? "unexpected " + describe(text.charAt(pos)) : "unexpected end of input";
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(char c) {
    return "character " + describeRaw(c);
  }

  private static String describeRaw(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex(c);
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }

  // ---------------------------------------------------------------- writing

  /**
   * Compact JSON for a tree of maps (string keys, in iteration order), collections, {@code long[]},
   * {@code int[]}, strings, integral numbers, finite doubles/floats, booleans and nulls.
   *
   * @throws IllegalArgumentException for other types, non-string keys and non-finite numbers
   */
  public static String write(Object value) {
    return JsonWriter.write(value);
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    return JsonWriter.quote(s);
  }
}
