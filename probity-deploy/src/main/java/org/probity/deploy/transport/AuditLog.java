package org.probity.deploy.transport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.probity.federated.RoundRecord;

/**
 * The operator's record of a deployed federation: one JSON object per line and round (JSON Lines),
 * appended and flushed to disk as the round ends, naming the sites that took part, the losses by
 * cause, the parameter bytes the round loop counted and the bytes that actually crossed the wire,
 * and the round's duration. Append-only, so a restarted server continues the same file and an
 * auditor sees the interrupted round's rerun as a second line for that round.
 */
final class AuditLog {
  private final Path path;

  AuditLog(Path path) throws IOException {
    this.path = path;
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
  }

  synchronized void append(RoundRecord r, double millis, List<String> sites, long wireUp, long wireDown)
      throws IOException {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"round\":").append(r.round()).append(",\"sampled\":").append(r.sampled()).append(",\"arrived\":")
        .append(r.arrived()).append(",\"dropped\":").append(r.dropped()).append(",\"timed_out\":")
        .append(r.timedOut()).append(",\"failed\":").append(r.failed()).append(",\"rejected\":")
        .append(r.rejected()).append(",\"attempts\":").append(r.attempts()).append(",\"sites\":[");
    for (int i = 0; i < sites.size(); i++) {
      b.append(i > 0 ? "," : "").append(Json.quote(sites.get(i)));
    }
    b.append("],\"bytes_down\":").append(r.bytesDown() + r.evaluateBytesDown()).append(",\"bytes_up\":")
        .append(r.bytesUp()).append(",\"wire_bytes_down\":").append(wireDown).append(",\"wire_bytes_up\":")
        .append(wireUp).append(",\"millis\":").append(Math.round(millis * 1000) / 1000.0).append(",\"time\":")
        .append(Json.quote(java.time.Instant.now().toString())).append("}\n");
    try (OutputStream out = new FileOutputStream(path.toFile(), true)) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** Minimal JSON string quoting for names and messages. */
  static final class Json {
    private Json() {}

    static String quote(String s) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }
  }
}
