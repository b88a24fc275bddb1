package org.probity.deploy.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the loopback deployment tests: a temporary folder for checkpoints and audit logs, and
 * every server and client a test starts ({@link #track}) closed after it, so that no port or thread
 * outlives its test.
 */
abstract class LoopbackTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }
}
