package org.probity.cli.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.model.ModelSpec;

/**
 * Writes an {@link ExperimentSpec} back as YAML in the spec's own snake_case keys, with every
 * default filled in and each variant fully spelt out: the run folder's {@code spec.yaml}. Only
 * the keys that apply are written (no {@code betas} for sgd), so the file reads back through
 * {@link SpecReader} into an equal spec and reruns the same experiment. A federated spec is written
 * without objective, train and variants, with its {@code federated:} section in full. A private
 * variant carries its {@code privacy:} section; {@code sample_rate} stays absent when it defaults
 * to batch_size / n, which depends on the data.
 */
public final class SpecWriter {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private SpecWriter() {}

  /** The spec as YAML, preceded by {@code header} lines written as comments. */
  public static String write(ExperimentSpec spec, String... header) {
    StringBuilder sb = new StringBuilder();
    for (String h : header) {
      sb.append("# ").append(h).append('\n');
    }
    try {
      sb.append(YAML.writeValueAsString(toMap(spec)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the resolved spec as YAML", e);
    }
    return sb.toString();
  }

  static Map<String, Object> toMap(ExperimentSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    if (s.description() != null) {
      m.put("description", s.description());
    }
    m.put("seed", s.seed());
    m.put("data", data(s.data(), s.isFederated()));
    m.put("model", model(s.model()));
    if (s.isFederated()) {
      // No objective (ERM), train or variants: a federated spec compares its strategies.
      m.put("optimizer", optimizer(s.optimizer()));
      m.put("federated", FederatedWriter.federated(s.federated()));
      return m;
    }
    m.put("objective", objective(s.objective()));
    m.put("optimizer", optimizer(s.optimizer()));
    m.put("train", train(s.train()));
    List<Map<String, Object>> variants = new java.util.ArrayList<>();
    for (Variant v : s.variants()) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("name", v.name());
      vm.put("model", model(v.model()));
      vm.put("objective", objective(v.objective()));
      vm.put("optimizer", optimizer(v.optimizer()));
      vm.put("train", train(v.train()));
      if (v.privacy() != null) {
        vm.put("privacy", privacy(v.privacy()));
      }
      variants.add(vm);
    }
    m.put("variants", variants);
    return m;
  }

  private static Map<String, Object> data(DataSection d, boolean federated) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", d.source());
    if (!federated) {
      m.put("test_fraction", d.testFraction());
      if (d.validationFraction() > 0) {
        m.put("validation_fraction", d.validationFraction()); // absent at 0, so older resolved specs read the same
      }
    }
    m.put("standardize", d.standardize());
    if (d.labelNoise() != null) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("kind", d.labelNoise().kind());
      n.put("rate", d.labelNoise().rate());
      m.put("label_noise", n);
    }
    if (!d.options().isEmpty()) {
      m.put("options", new LinkedHashMap<>(d.options()));
    }
    return m;
  }

  private static Map<String, Object> model(ModelSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", s.type());
    boolean deep = s.type().equals("mlp") || s.type().equals("cnn");
    if (s.type().equals("cnn")) {
      m.put("channels", s.channels());
      m.put("kernel", s.kernel());
      putIfSet(m, "side", s.side());
    }
    if (deep) {
      m.put("hidden", s.hidden());
      m.put("activation", s.activation());
      m.put("dropout", s.dropout());
    }
    return m;
  }

  private static Map<String, Object> objective(ObjectiveSection s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", s.kind());
    putIfSet(m, "tau", s.tau());
    putIfSet(m, "t", s.t());
    putIfSet(m, "solver", s.solver());
    putIfSet(m, "lambda", s.lambda());
    putIfSet(m, "alpha", s.alpha());
    putIfSet(m, "step", s.step());
    putIfSet(m, "gamma", s.gamma());
    putIfSet(m, "z_dim", s.zDim());
    putIfSet(m, "adversary_lr", s.adversaryLr());
    return m;
  }

  private static Map<String, Object> optimizer(OptimizerSection s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("lr", s.lr());
    putIfSet(m, "momentum", s.momentum());
    putIfSet(m, "betas", s.betas());
    putIfSet(m, "decay", s.decay());
    putIfSet(m, "eps", s.eps());
    m.put("weight_decay", s.weightDecay());
    putIfSet(m, "clip_norm", s.clipNorm());
    ScheduleSection sc = s.schedule();
    Map<String, Object> sm = new LinkedHashMap<>();
    sm.put("kind", sc.kind());
    sm.put("warmup_steps", sc.warmupSteps());
    putIfSet(sm, "step_size", sc.stepSize());
    putIfSet(sm, "gamma", sc.gamma());
    putIfSet(sm, "min_lr", sc.minLr());
    m.put("schedule", sm);
    return m;
  }

  private static Map<String, Object> train(TrainSection t) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIfSet(m, "epochs", t.epochs());
    putIfSet(m, "steps", t.steps());
    m.put("batch_size", t.batchSize());
    m.put("eval_every", t.evalEvery());
    m.put("log_every", t.logEvery());
    m.put("checkpoint", t.checkpoint());
    return m;
  }

  /** noise or epsilon (whichever was given), δ always, q and the budget when set. */
  private static Map<String, Object> privacy(PrivacySection p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clip", p.clip());
    putIfSet(m, "noise", p.noise());
    putIfSet(m, "epsilon", p.epsilon());
    m.put("delta", p.delta());
    putIfSet(m, "sample_rate", p.sampleRate());
    putIfSet(m, "budget", p.budget());
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
