package org.probity.cli.run;

import org.probity.cli.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run's folder, {@code runs/<id>/}, and the files of the run-folder format (DESIGN §4): the
 * INCOMPLETE marker (written first, removed as the very last step, so a killed run keeps it),
 * spec.yaml, provenance.json, membership.json (which rows trained the models and which were held
 * out, by fingerprint: {@link Membership}), metrics.jsonl, summary.json, report.html and
 * checkpoints/VARIANT.safetensors. Every file is written atomically through {@link AtomicFiles}.
 */
public final class RunFolder {
  public static final String INCOMPLETE = "INCOMPLETE";
  public static final String SPEC = "spec.yaml";
  public static final String PROVENANCE = "provenance.json";
  public static final String MEMBERSHIP = "membership.json";
  public static final String METRICS = "metrics.jsonl";
  public static final String SUMMARY = "summary.json";
  public static final String REPORT = "report.html";
  public static final String CHECKPOINTS = "checkpoints";

  private final Path dir;
  private final String id;

  public RunFolder(Path dir) {
    this.dir = dir;
    this.id = dir.getFileName().toString();
  }

  public Path dir() {
    return dir;
  }

  public String id() {
    return id;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  /** checkpoints/VARIANT.safetensors. */
  public Path checkpoint(String variant) {
    return dir.resolve(CHECKPOINTS).resolve(variant + ".safetensors");
  }

  /** The checkpoint's path as summary.json records it, relative to the run folder. */
  public static String checkpointEntry(String variant) {
    return CHECKPOINTS + "/" + variant + ".safetensors";
  }

  public void write(String name, String text) throws IOException {
    AtomicFiles.write(file(name), text);
  }

  /** Marks the run as going; the marker says when it started and which process runs it. */
  void markIncomplete(String started) throws IOException {
    write(INCOMPLETE, "started " + started + " by process " + ProcessHandle.current().pid() + "\n");
  }

  /** The last step of a run that ended (complete or failed). */
  public void markEnded() throws IOException {
    Files.deleteIfExists(file(INCOMPLETE));
  }

  public boolean isIncomplete() {
    return Files.exists(file(INCOMPLETE));
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
