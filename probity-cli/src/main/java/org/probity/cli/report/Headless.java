package org.probity.cli.report;

/**
 * Puts AWT in headless mode before any of its classes load: the report draws charts on servers and
 * in CI where there is no display, and a non-headless AWT would try to open one. A value set
 * explicitly on the command line is left alone.
 */
final class Headless {
  private Headless() {}

  static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
