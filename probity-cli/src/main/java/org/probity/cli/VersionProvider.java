package org.probity.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code probity --version} prints: the project version (filtered into
 * {@code version.properties} by Maven at build time), the git commit of the working tree (passed
 * by the {@code probity} launcher as {@code -Dprobity.git.commit}, since reading it at run time
 * stays right when commits change and the jar does not), and the JVM and platform, because
 * benchmark numbers and reproductions are only comparable on the same ones.
 */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String commit = System.getProperty("probity.git.commit", "");
    return new String[] {
        "probity " + version() + (commit.isBlank() ? "" : " (commit " + commit + ")"),
        "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")",
        "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors"
    };
  }

  /** The project version this jar was built as, or "unknown" outside a Maven build. */
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("reading version.properties", e);
    }
  }
}
