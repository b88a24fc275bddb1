package org.probity.core.data;

import org.probity.core.naming.Suggest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scripts/fetch-data.sh for {@code ./probity data fetch NAME}. The script (Debian and npm
 * only, atomic, checksummed) is the single implementation, so the Java side only finds it — the
 * copy inside the jar first, which always matches this code, else the checkout's scripts/ — runs
 * it with bash under an overall time limit, streams its progress lines to a consumer, and turns a
 * failure into one line that carries the script's own error.
 */
public final class DataFetcher {
  private static final String SCRIPT_RESOURCE = Datasets.RESOURCE_ROOT + "fetch-data.sh";

  private DataFetcher() {}

  /** The names the script can fetch. */
  public static List<String> fetchable() {
    return List.of("fashion-mnist", "mnist");
  }

  /**
   * Where {@code fetch} puts {@code name} by default, the first of: -Dprobity.data, $PROBITY_DATA,
   * the checkout's data/fetched (-Dprobity.home), ./data/fetched. Each is also a place
   * {@link Datasets} looks.
   */
  public static Path defaultDestination(String name) {
    String n = canonical(name);
    String prop = System.getProperty(Datasets.DATA_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop, n).toAbsolutePath().normalize();
    }
    String env = System.getenv(Datasets.DATA_ENV);
    if (env != null && !env.isBlank()) {
      return Paths.get(env, n).toAbsolutePath().normalize();
    }
    String home = System.getProperty("probity.home");
    if (home != null && !home.isBlank()) {
      return Paths.get(home, "data", "fetched", n).toAbsolutePath().normalize();
    }
    return Paths.get("data", "fetched", n).toAbsolutePath().normalize();
  }

  /** {@link #fetch(String, Path, Duration, boolean, Consumer)} without --force, logging to stderr. */
  public static Path fetch(String name, Path dest, Duration timeout) {
    return fetch(name, dest, timeout, false, System.err::println);
  }

  /**
   * Fetches {@code name} into {@code dest} (null: {@link #defaultDestination}) and returns the
   * folder. {@code timeout} bounds the whole fetch; the script also bounds each network call by it.
   * {@code force} fetches again over a complete copy. Each line the script prints goes to
   * {@code log}.
   */
  public static Path fetch(String name, Path dest, Duration timeout, boolean force, Consumer<String> log) {
    String n = canonical(name);
    Path target = dest != null ? dest.toAbsolutePath().normalize() : defaultDestination(n);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("data fetch: timeout must be positive, got " + timeout);
    }
    Path script = extractScript();
    try {
      ProcessBuilder pb = force
          ? new ProcessBuilder("bash", script.toString(), "--force", n, target.toString())
          : new ProcessBuilder("bash", script.toString(), n, target.toString());
      pb.redirectErrorStream(true);
      pb.environment().put("FETCH_TIMEOUT", Long.toString(Math.max(1, timeout.toSeconds())));
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new DataFetchException("data fetch " + n + ": cannot start bash (" + e.getMessage()
            + "); run scripts/fetch-data.sh " + n + " by hand", e);
      }
      Deque<String> tail = new ArrayDeque<>();
      Thread reader = new Thread(() -> pump(p.getInputStream(), log, tail), "fetch-data-output");
      reader.setDaemon(true);
      reader.start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        stop(p);
        throw new DataFetchException("data fetch " + n + ": timed out after " + human(timeout) + "; nothing was "
            + "moved into " + target);
      }
      reader.join(5000);
      int rc = p.exitValue();
      if (rc != 0) {
        throw new DataFetchException("data fetch " + n + " failed (exit " + rc + "): " + lastError(tail));
      }
      return target;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataFetchException("data fetch " + n + ": interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(script);
      } catch (IOException ignored) {
        // a leftover temporary copy of the script is harmless
      }
    }
  }

  /**
   * Asks the script and its children (apt-get, npm) to stop, so its trap removes the temporary
   * folder; kills whatever is still running a few seconds later.
   */
  private static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static String canonical(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    if (!fetchable().contains(n)) {
      if (Datasets.names().contains(n)) {
        throw new IllegalArgumentException("dataset '" + n + "' ships with Probity; there is nothing to fetch");
      }
      String close = Suggest.closest(n, fetchable());
      throw new IllegalArgumentException("cannot fetch '" + name + "'" + (close == null ? "" : " (did you mean '"
          + close + "'?)") + "; fetchable: " + String.join(", ", fetchable()));
    }
    return n;
  }

  /** Copies the script to a temporary file: from the jar, else from the checkout. */
  private static Path extractScript() {
    try {
      Path tmp = Files.createTempFile("probity-fetch-data", ".sh");
      try (InputStream in = DataFetcher.class.getResourceAsStream(SCRIPT_RESOURCE)) {
        if (in != null) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          return tmp;
        }
      }
      for (Path root : checkoutRoots()) {
        Path s = root.resolve("scripts").resolve("fetch-data.sh");
        if (Files.isRegularFile(s)) {
          Files.copy(s, tmp, StandardCopyOption.REPLACE_EXISTING);
          return tmp;
        }
      }
      Files.deleteIfExists(tmp);
      throw new DataFetchException("data fetch: the fetch script is neither on the classpath (" + SCRIPT_RESOURCE
          + ") nor in a scripts/ folder above " + Paths.get("").toAbsolutePath());
    } catch (IOException e) {
      throw new DataFetchException("data fetch: cannot prepare the fetch script: " + e.getMessage(), e);
    }
  }

  private static List<Path> checkoutRoots() {
    java.util.ArrayList<Path> roots = new java.util.ArrayList<>();
    String home = System.getProperty("probity.home");
    if (home != null && !home.isBlank()) {
      roots.add(Paths.get(home));
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      roots.add(p);
    }
    return roots;
  }

  private static void pump(InputStream in, Consumer<String> log, Deque<String> tail) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > 20) {
            tail.removeFirst();
          }
        }
        log.accept(line);
      }
    } catch (IOException ignored) {
      // the process was killed; the caller reports why
    }
  }

  /** The script's "error:" line if it printed one, else its last lines. */
  private static String lastError(Deque<String> tail) {
    synchronized (tail) {
      String err = null;
      for (String l : tail) {
        int i = l.indexOf("error: ");
        if (i >= 0) {
          err = l.substring(i + 7);
        }
      }
      if (err != null) {
        return err;
      }
      return tail.isEmpty() ? "no output" : String.join(" | ", tail);
    }
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + " min" : s + " s";
  }
}
