package org.probity.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.probity.core.provenance.Provenance;
import org.probity.tensor.io.SafeTensors;
import org.probity.tensor.io.SafeTensorsFile;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * Saves and restores model parameters as safetensors files (Hugging Face's format: no code, so
 * loading a stranger's file runs nothing) with the step and the run's {@link Provenance} as JSON in
 * the {@code __metadata__} header, so a checkpoint found alone still says which code, seed, data
 * and platform made it. Files are written to a temporary name and moved into place by the writer,
 * so an interrupted save never leaves a half-written checkpoint. Parameter names are the model's
 * ("0.weight"), which PyTorch's state_dict also uses.
 */
public final class Checkpoints {
  /** Metadata key of the step. */
  public static final String STEP = "step";
  /** Metadata key of the provenance JSON. */
  public static final String PROVENANCE = "provenance";
  /** Metadata key naming the layout of this file. */
  public static final String FORMAT = "format";
  public static final String FORMAT_VALUE = "probity-checkpoint-1";

  private Checkpoints() {}

  /** Saves {@code model}'s parameters after {@code step} with provenance (may be null). */
  public static void save(Path file, Module model, int step, Provenance provenance) throws IOException {
    save(file, model.params(), step, provenance, Map.of());
  }

  /** Saves parameters with the step, provenance (may be null) and further metadata entries. */
  public static void save(Path file, Params params, int step, Provenance provenance, Map<String, String> extra)
      throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT, FORMAT_VALUE);
    meta.put(STEP, Integer.toString(step));
    if (provenance != null) {
      meta.put(PROVENANCE, provenance.toJson());
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (meta.containsKey(e.getKey())) {
        throw new IllegalArgumentException("checkpoint: metadata key '" + e.getKey() + "' is reserved");
      }
      meta.put(e.getKey(), e.getValue());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SafeTensors.save(file, params, meta);
  }

  /** Reads a checkpoint without loading it into a model. */
  public static Checkpoint read(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.read(file);
    Map<String, String> meta = f.metadata();
    int step = -1;
    String s = meta.get(STEP);
    if (s != null) {
      try {
        step = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IOException("checkpoint " + file + ": metadata step '" + s + "' is not an integer", e);
      }
    }
    String json = meta.get(PROVENANCE);
    Provenance provenance = json == null ? null : Provenance.fromJson(json);
    return new Checkpoint(f.toParams(), step, provenance, meta);
  }

  /**
   * Reads a checkpoint and copies its parameters into {@code model} (same names and shapes;
   * fails naming the first parameter that is missing or differs).
   */
  public static Checkpoint load(Path file, Module model) throws IOException {
    Checkpoint c = read(file);
    try {
      model.params().assign(c.params());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + file + " does not fit the model: " + e.getMessage(), e);
    }
    return c;
  }

  /** The file name of the checkpoint after {@code step}: "step-000100.safetensors". */
  public static String fileName(int step) {
    return String.format("step-%06d.safetensors", step);
  }
}
