package org.probity.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a class logs through {@link System.Logger}, whose default backend is
 * java.util.logging under the class's name, so tests can check that a message reached the log.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<String> messages = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (messages) {
        messages.add(r.getLevel() + " " + r.getMessage() + (r.getThrown() == null ? "" : " | " + r.getThrown()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  LogCapture(Class<?> source) {
    // Keep the logger referenced: java.util.logging holds loggers weakly.
    this.logger = Logger.getLogger(source.getName());
    logger.addHandler(handler);
  }

  List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
