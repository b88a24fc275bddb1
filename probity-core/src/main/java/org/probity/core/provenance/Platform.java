package org.probity.core.provenance;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Reads the facts about the code and platform that {@link Provenance} records and that cannot be
 * taken from a system property directly: the git commit (asked of git with a time limit, since a
 * hung git must not hang a run), Probity's version from the jar, and library versions. The commit
 * and version are looked up once per JVM.
 */
public final class Platform {
  /** How long {@code git rev-parse HEAD} may take before the commit is recorded as unknown. */
  static final long GIT_TIMEOUT_SECONDS = 5;

  private static volatile String commit;

  private Platform() {}

  /**
   * The git commit: the {@code probity.git.commit} system property (the launcher passes it), else
   * the {@code PROBITY_GIT_COMMIT} environment variable, else {@code git rev-parse HEAD} in the
   * working directory, else "unknown".
   */
  public static String gitCommit() {
    String c = commit;
    if (c == null) {
      c = firstNonBlank(System.getProperty("probity.git.commit"), System.getenv("PROBITY_GIT_COMMIT"));
      if (c == null) {
        c = askGit();
      }
      commit = c;
    }
    return c;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** {@code git rev-parse HEAD} with a {@value #GIT_TIMEOUT_SECONDS} s limit; "unknown" on any failure. */
  static String askGit() {
    Process p = null;
    try {
      p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        return "unknown";
      }
      String out = readAll(p.getInputStream()).trim();
      return p.exitValue() == 0 && out.matches("[0-9a-f]{40}([0-9a-f]{24})?") ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Probity's version: the {@code probity.version} system property, else the jar manifest's
   * Implementation-Version, else the Maven pom.properties inside the jar, else "unknown".
   */
  public static String probityVersion() {
    String v = firstNonBlank(System.getProperty("probity.version"),
        Platform.class.getPackage().getImplementationVersion());
    if (v != null) {
      return v;
    }
    try (InputStream in = Platform.class.getResourceAsStream("/META-INF/maven/org.probity/probity-core/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        v = firstNonBlank(p.getProperty("version"));
      }
    } catch (IOException e) {
      v = null;
    }
    return v == null ? "unknown" : v;
  }

  /** Versions of the runtime and libraries results may depend on. */
  public static Map<String, String> libraries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("java", System.getProperty("java.version"));
    m.put("jackson-databind", PackageVersion.VERSION.toString());
    m.put("jdk.incubator.vector", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        ? "present" : "absent");
    return m;
  }
}
