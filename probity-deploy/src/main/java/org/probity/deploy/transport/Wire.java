package org.probity.deploy.transport;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The framing shared by every message of Probity's federation protocol: big-endian fields
 * (DataOutputStream conventions), a 4-byte magic "PRFL", a version byte and a message-type byte, so
 * that a peer of another version, a stray client or random bytes are refused at the first field
 * rather than misread. Lengths are checked against what remains before anything is allocated, and
 * every decoding failure surfaces as gRPC {@code INVALID_ARGUMENT} naming the message and field,
 * so a malformed message costs the server one failed call and nothing else.
 */
public final class Wire {
  /** "PRFL". */
  public static final int MAGIC = 0x5052464C;
  public static final byte VERSION = 1;

  public static final byte REGISTER = 1;
  public static final byte WELCOME = 2;
  public static final byte POLL = 3;
  public static final byte TASK = 4;
  public static final byte FETCH = 5;
  public static final byte PARAMS_HEADER = 6;
  public static final byte PARAMS_CHUNK = 7;
  public static final byte SUBMIT_HEAD = 8;
  public static final byte ACK = 9;
  public static final byte INSTRUCTION = 10;
  public static final byte FIT_REPLY = 11;
  public static final byte EVALUATE_REPLY = 12;
  public static final byte STATUS = 13;

  /** Longest string accepted on the wire (names, config values, metric keys). */
  static final int MAX_STRING_BYTES = 1 << 16;

  private Wire() {}

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException dataLoss(String message) {
    return Status.DATA_LOSS.withDescription(message).asRuntimeException();
  }

  /** A message under construction: the header is written first. */
  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    Out(byte type) {
      try {
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Out i32(int v) {
      try {
        out.writeInt(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out i64(long v) {
      try {
        out.writeLong(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out f64(double v) {
      return i64(Double.doubleToRawLongBits(v));
    }

    Out u8(int v) {
      try {
        out.writeByte(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out bytes(byte[] v) {
      i32(v.length);
      raw(v, 0, v.length);
      return this;
    }

    Out raw(byte[] v, int off, int len) {
      try {
        out.write(v, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Out str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > MAX_STRING_BYTES) {
        throw new IllegalArgumentException("wire: string of " + b.length + " bytes exceeds " + MAX_STRING_BYTES
            + " (starts '" + s.substring(0, Math.min(40, s.length())) + "')");
      }
      return bytes(b);
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }
  }

  /** A received message: the header has been checked against the expected type. */
  static final class In {
    private final ByteBuffer buf;
    private final String what;

    In(byte[] message, byte expectedType, String what) {
      this.what = what;
      if (message == null || message.length < 6) {
        throw invalid(what + ": message of " + (message == null ? 0 : message.length) + " bytes is too short for the"
            + " protocol header");
      }
      this.buf = ByteBuffer.wrap(message);
      int magic = buf.getInt();
      if (magic != MAGIC) {
        throw invalid(what + ": bad magic 0x" + Integer.toHexString(magic) + " (expected 0x"
            + Integer.toHexString(MAGIC) + ", not a Probity federation message)");
      }
      byte version = buf.get();
      if (version != VERSION) {
        throw invalid(what + ": protocol version " + version + " is not supported (this peer speaks " + VERSION + ")");
      }
      byte type = buf.get();
      if (type != expectedType) {
        throw invalid(what + ": message type " + type + ", expected " + expectedType);
      }
    }

    /** The type byte of {@code message} after checking magic and version, without consuming it. */
    static byte peekType(byte[] message, String what) {
      if (message == null || message.length < 6) {
        throw invalid(what + ": message too short for the protocol header");
      }
      ByteBuffer b = ByteBuffer.wrap(message);
      if (b.getInt() != MAGIC || b.get() != VERSION) {
        throw invalid(what + ": not a Probity federation message of version " + VERSION);
      }
      return b.get();
    }

    int i32(String field) {
      try {
        return buf.getInt();
      } catch (BufferUnderflowException e) {
        throw invalid(what + ": truncated at field '" + field + "'");
      }
    }

    long i64(String field) {
      try {
        return buf.getLong();
      } catch (BufferUnderflowException e) {
        throw invalid(what + ": truncated at field '" + field + "'");
      }
    }

    double f64(String field) {
      return Double.longBitsToDouble(i64(field));
    }

    int u8(String field) {
      try {
        return buf.get() & 0xFF;
      } catch (BufferUnderflowException e) {
        throw invalid(what + ": truncated at field '" + field + "'");
      }
    }

    /** A count of items each at least {@code minItemBytes} long, checked against what remains. */
    int count(String field, int minItemBytes) {
      int n = i32(field);
      if (n < 0 || (long) n * minItemBytes > buf.remaining()) {
        throw invalid(what + ": field '" + field + "' = " + n + " does not fit the " + buf.remaining()
            + " bytes left");
      }
      return n;
    }

    byte[] bytes(String field, int max) {
      int n = i32(field);
      if (n < 0 || n > max || n > buf.remaining()) {
        throw invalid(what + ": field '" + field + "' has length " + n + " (at most " + Math.min(max, buf.remaining())
            + " allowed here)");
      }
      byte[] b = new byte[n];
      buf.get(b);
      return b;
    }

    String str(String field) {
      return new String(bytes(field, MAX_STRING_BYTES), StandardCharsets.UTF_8);
    }

    ByteBuffer slice(int len, String field) {
      if (len < 0 || len > buf.remaining()) {
        throw invalid(what + ": field '" + field + "' needs " + len + " bytes, " + buf.remaining() + " left");
      }
      ByteBuffer s = buf.slice();
      s.limit(len);
      buf.position(buf.position() + len);
      return s;
    }

    void end() {
      if (buf.hasRemaining()) {
        throw invalid(what + ": " + buf.remaining() + " unexpected trailing bytes");
      }
    }
  }
}
