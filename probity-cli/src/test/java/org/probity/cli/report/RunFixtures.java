package org.probity.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic run folders in the format the RUN engineer writes (issue 3 notes): metrics.jsonl lines
 * with smooth-plus-noise curves, a summary.json whose test metrics the tests know, spec.yaml and
 * provenance.json. The numbers are made up but shaped like a real ERM-against-TERM run.
 */
final class RunFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A variant's synthetic behaviour: final accuracy per group and how fast it learns. */
  record Variant(String name, String objective, double[] groupAccuracy, double[] groupLoss, double speed) {
    double accuracy(double[] weights) {
      double a = 0;
      for (int g = 0; g < weights.length; g++) {
        a += weights[g] * groupAccuracy[g];
      }
      return a;
    }

    double loss(double[] weights) {
      double l = 0;
      for (int g = 0; g < weights.length; g++) {
        l += weights[g] * groupLoss[g];
      }
      return l;
    }
  }

  static final double[] WEIGHTS = {0.85, 0.15};

  static List<Variant> classificationVariants() {
    return List.of(
        new Variant("erm", "mean", new double[] {0.962, 0.581}, new double[] {0.142, 1.384}, 1.0),
        new Variant("term t=1", "tilted(t=1)", new double[] {0.951, 0.702}, new double[] {0.171, 0.912}, 0.9),
        new Variant("term t=5", "tilted(t=5)", new double[] {0.933, 0.774}, new double[] {0.214, 0.701}, 0.8));
  }

  static String spec(String name, boolean withScript) {
    return "name: " + name + "\n"
        + "seed: 7\n"
        + "data:\n  source: synthetic/gaussian-mixture\n  minority_fraction: 0.15\n  groups: true\n"
        + (withScript ? "  note: \"<script>alert('x')</script> & more\"\n" : "")
        + "model:\n  type: mlp\n  hidden: [64, 64]\n"
        + "train:\n  steps: 1500\n  batch_size: 64\n  eval_every: 100\n"
        + "  optimizer:\n    type: adam\n    lr: 0.003\n"
        + "variants:\n  - name: erm\n    objective: {type: mean}\n"
        + "  - name: term t=1\n    objective: {type: tilted, t: 1.0}\n"
        + "  - name: term t=5\n    objective: {type: tilted, t: 5.0}\n";
  }

  static String provenance() throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spec_hash", "sha256:9f2c1e7b4a0d6c3e8f5a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6");
    p.put("seed", 7);
    p.put("git_commit", "3f9a1c2b7d4e");
    p.put("jvm", "OpenJDK 64-Bit Server VM 17.0.15+6");
    p.put("os", "Linux 6.1.0 amd64");
    p.put("kernel", "vector (AVX2, 8 floats)");
    p.put("data", Map.of("gaussian-mixture", "sha256:1b4f0e9a77c2"));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(p);
  }

  /** metrics.jsonl lines: train loss every 10 steps, evaluation every 100, for each variant. */
  static List<String> classificationMetrics(List<Variant> variants, int steps, boolean groups, long seed) {
    Random rnd = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (Variant v : variants) {
      for (int step = 10; step <= steps; step += 10) {
        double progress = 1 - Math.exp(-v.speed() * step / 300.0);
        double loss = v.loss(WEIGHTS) + (2.3 - v.loss(WEIGHTS)) * (1 - progress) + 0.06 * rnd.nextGaussian();
        ObjectNode o = row(v.name(), "train", step);
        o.put("loss", Math.max(0.01, loss));
        lines.add(o.toString());
        if (step % 100 == 0) {
          ObjectNode e = row(v.name(), "eval", step);
          double[] ga = new double[WEIGHTS.length];
          double[] gl = new double[WEIGHTS.length];
          for (int g = 0; g < ga.length; g++) {
            ga[g] = 0.1 + (v.groupAccuracy()[g] - 0.1) * progress + 0.01 * rnd.nextGaussian();
            gl[g] = v.groupLoss()[g] + (2.3 - v.groupLoss()[g]) * (1 - progress);
          }
          double acc = 0;
          double l = 0;
          for (int g = 0; g < ga.length; g++) {
            acc += WEIGHTS[g] * ga[g];
            l += WEIGHTS[g] * gl[g];
          }
          e.put("loss", l);
          e.put("accuracy", acc);
          e.put("ece", 0.02 + 0.1 * (1 - progress));
          if (groups) {
            ObjectNode gan = e.putObject("group_accuracy");
            ObjectNode gln = e.putObject("group_loss");
            for (int g = 0; g < ga.length; g++) {
              gan.put(Integer.toString(g), ga[g]);
              gln.put(Integer.toString(g), gl[g]);
            }
            e.put("worst_group_accuracy", Math.min(ga[0], ga[1]));
            e.put("worst_group_loss", Math.max(gl[0], gl[1]));
          }
          lines.add(e.toString());
        }
      }
    }
    return lines;
  }

  static ObjectNode row(String variant, String split, int step) {
    ObjectNode o = JSON.createObjectNode();
    o.put("variant", variant);
    o.put("split", split);
    o.put("step", step);
    o.put("epoch", 1 + step / 200);
    return o;
  }

  /** summary.json of a complete classification run; test metrics are the variants' targets. */
  static ObjectNode classificationSummary(String runId, String name, List<Variant> variants, boolean groups) {
    ObjectNode s = JSON.createObjectNode();
    s.put("run_id", runId);
    s.put("name", name);
    s.put("status", "complete");
    s.put("seed", 7);
    s.put("started", "2025-06-14T10:15:30.123456789Z");
    s.put("seconds", 41.7);
    s.put("task", "classification");
    ObjectNode data = s.putObject("data");
    data.put("source", "synthetic/gaussian-mixture");
    data.put("train_size", 4000);
    data.put("test_size", 1000);
    data.put("groups", 2);
    var arr = s.putArray("variants");
    for (Variant v : variants) {
      ObjectNode o = arr.addObject();
      o.put("name", v.name());
      o.put("objective", v.objective());
      o.put("steps", 1500);
      o.put("seconds", 12.9 + v.speed());
      ObjectNode t = o.putObject("test");
      t.put("loss", v.loss(WEIGHTS));
      t.put("accuracy", v.accuracy(WEIGHTS));
      t.put("ece", 0.02 + 0.01 * v.speed());
      if (groups) {
        t.put("worst_group_accuracy", Math.min(v.groupAccuracy()[0], v.groupAccuracy()[1]));
        t.put("worst_group_loss", Math.max(v.groupLoss()[0], v.groupLoss()[1]));
        ObjectNode ga = t.putObject("group_accuracy");
        ObjectNode gl = t.putObject("group_loss");
        for (int g = 0; g < WEIGHTS.length; g++) {
          ga.put(Integer.toString(g), v.groupAccuracy()[g]);
          gl.put(Integer.toString(g), v.groupLoss()[g]);
        }
      }
      o.put("checkpoint", "checkpoints/" + v.name().replace(' ', '-') + ".safetensors");
    }
    return s;
  }

  /** A complete classification run with two groups, in {@code dir}. */
  static void completeClassification(Path dir, String spec) throws IOException {
    List<Variant> vs = classificationVariants();
    write(dir, "spec.yaml", spec);
    write(dir, "provenance.json", provenance());
    write(dir, "metrics.jsonl", String.join("\n", classificationMetrics(vs, 1500, true, 11)) + "\n");
    write(dir, "summary.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
        classificationSummary(dir.getFileName().toString(), "fair-mixture", vs, true)));
  }

  static void write(Path dir, String file, String text) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
  }
}
