package org.probity.privacy.accountant.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the reference tables that bounded_gaussian_reference.py (next to them in test resources)
 * computed with mpmath at 80 digits and with the official numpy/scipy code, so the tests compare
 * against an implementation that shares no code with the one under test.
 */
final class ReferenceCsv {
  private ReferenceCsv() {}

  /** Rows after the header, split on commas (the tables have no quoted fields). */
  static List<String[]> read(String name) {
    InputStream in = ReferenceCsv.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("test resource " + name + " is missing next to " + ReferenceCsv.class.getName());
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
