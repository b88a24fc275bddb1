package org.probity.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The folder that holds runs ({@code ./runs} unless {@code --out} says otherwise): creates a new
 * run's folder under a fresh id, {@code yyyyMMdd-HHmmss-NAME} with {@code -2}, {@code -3}, ... when
 * two runs of one spec start in the same second (the folder is created exclusively, so concurrent
 * runs cannot share one), and reads the runs back for listing. A run is incomplete while its
 * INCOMPLETE marker exists or when it has no readable summary.json.
 */
public final class RunStore {
  static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path root;

  public RunStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** A new, empty run folder, already marked INCOMPLETE. */
  public RunFolder create(String name, Instant now) throws IOException {
    Files.createDirectories(root);
    String base = ID_TIME.format(LocalDateTime.ofInstant(now, ZoneId.systemDefault())) + "-" + name;
    for (int n = 1; ; n++) {
      Path dir = root.resolve(n == 1 ? base : base + "-" + n);
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      RunFolder run = new RunFolder(dir);
      run.markIncomplete(now.toString());
      return run;
    }
  }

  /** Every run under the root, oldest first; an absent root has none. */
  public List<RunInfo> list() throws IOException {
    List<RunInfo> runs = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return runs;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : dirs) {
        RunInfo info = read(d);
        if (info != null) {
          runs.add(info);
        }
      }
    }
    runs.sort(Comparator.comparing(RunInfo::started).thenComparing(RunInfo::id));
    return runs;
  }

  /** The run in {@code dir}, or null when the folder is not a run folder. */
  public static RunInfo read(Path dir) {
    RunFolder run = new RunFolder(dir);
    boolean marker = run.isIncomplete();
    JsonNode summary = readJson(run.file(RunFolder.SUMMARY));
    if (!marker && summary == null && !Files.exists(run.file(RunFolder.SPEC))) {
      return null;
    }
    RunStatus status;
    if (marker || summary == null) {
      status = RunStatus.INCOMPLETE;
    } else {
      status = "complete".equals(summary.path("status").asText()) ? RunStatus.COMPLETE : RunStatus.FAILED;
    }
    String name = summary == null ? null : summary.path("name").asText(null);
    if (name == null) {
      name = specName(run.file(RunFolder.SPEC));
    }
    if (name == null) {
      name = "?";
    }
    List<RunInfo.Headline> headlines = new ArrayList<>();
    if (summary != null) {
      for (JsonNode v : summary.path("variants")) {
        headlines.add(headline(v));
      }
    }
    String error = summary == null ? null : summary.path("error").asText(null);
    return new RunInfo(run.id(), dir, name, status, started(run, summary), headlines, error);
  }

  /** Accuracy for classifiers, RMSE for regression, else the test loss. */
  static RunInfo.Headline headline(JsonNode variant) {
    String name = variant.path("name").asText("?");
    JsonNode test = variant.path("test");
    for (String metric : new String[] {"accuracy", "rmse", "loss"}) {
      JsonNode v = test.get(metric);
      if (v != null && v.isNumber()) {
        return new RunInfo.Headline(name, metric, v.doubleValue());
      }
    }
    return new RunInfo.Headline(name, "accuracy", Double.NaN);
  }

  private static Instant started(RunFolder run, JsonNode summary) {
    if (summary != null && summary.hasNonNull("started")) {
      try {
        return Instant.parse(summary.get("started").asText());
      } catch (DateTimeParseException ignored) {
        // fall through to the id
      }
    }
    String id = run.id();
    if (id.length() >= 15) {
      try {
        return LocalDateTime.parse(id.substring(0, 15), ID_TIME).atZone(ZoneId.systemDefault()).toInstant();
      } catch (DateTimeParseException ignored) {
        // fall through to the folder's time
      }
    }
    try {
      return Files.getLastModifiedTime(run.dir()).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.MAPPER.readTree(file.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String specName(Path spec) {
    try {
      if (!Files.isRegularFile(spec)) {
        return null;
      }
      JsonNode n = YAML.readTree(spec.toFile());
      return n == null ? null : n.path("name").asText(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
