package org.probity.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.probity.cli.BadInputException;
import org.probity.cli.run.Catalog;
import org.probity.cli.run.ExperimentData;
import org.probity.cli.run.ExperimentRunner;
import org.probity.cli.run.FederatedRunner;
import org.probity.cli.run.FederationRecipe;
import org.probity.cli.run.Json;
import org.probity.cli.run.Membership;
import org.probity.cli.run.RunFolder;
import org.probity.cli.run.VariantRecipe;
import org.probity.cli.spec.ExperimentSpec;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.SpecException;
import org.probity.core.data.Dataset;
import org.probity.core.train.Checkpoints;
import org.probity.privacy.audit.ShadowRecipe;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;

/**
 * One trained model of a finished run, made ready for a membership-inference audit (Shokri et al.
 * 2017; LiRA, Carlini et al. 2022): the variant's checkpoint (a federated strategy's global model)
 * loaded into a model built as the run built it, the rows that trained it (members) and those held
 * out (non-members), rebuilt from spec.yaml's data section and seed and checked against the run's
 * membership.json fingerprints, the recipe that retrains exactly as the run did (for shadow models
 * and canary runs) and, for a private model, the accountant's guarantee the audit's empirical ε is
 * compared with. {@link #load} refuses, as bad input naming the file or value, every run that
 * cannot be audited honestly.
 *
 * @param runDir the run folder
 * @param variant the variant's name (a federated run's strategy name)
 * @param federated true for a federated run
 * @param model the checkpoint's model
 * @param members the rows that trained the model, labelled (federated: each row with its client id)
 * @param nonMembers the held-out test rows, labelled with the same classes (federated: with client ids)
 * @param recipe retrains as the run did; its Rng plays the run's root seed, so
 *     {@code recipe.train(members, runRng())} gives back the checkpoint
 * @param seed the run's seed
 * @param accountantEpsilon a private model's ε as its accountant spent it (summary.json; for a
 *     federated sample-level run, the weakest silo's), or null when the model is not private
 * @param delta a private model's δ, or null
 * @param guarantee a private model's guarantee sentence, or null
 */
public record AuditTarget(Path runDir, String variant, boolean federated, Module model, Dataset members,
    Dataset nonMembers, ShadowRecipe recipe, long seed, Double accountantEpsilon, Double delta, String guarantee) {

  /** The run's id (its folder's name). */
  public String runId() {
    return runDir.getFileName().toString();
  }

  /** The model's classes: the members', the non-members' and the recipe's. */
  public int classes() {
    return recipe.classes();
  }

  /** The run's root stream: {@code recipe.train(members, runRng())} retrains the run's model. */
  public Rng runRng() {
    return new Rng(seed);
  }

  /** True when the model was trained with differential privacy. */
  public boolean isPrivate() {
    return accountantEpsilon != null;
  }

  /**
   * Loads {@code variant} of the run in {@code runDir} (null: the run's only variant, or else its
   * first with a checkpoint).
   */
  public static AuditTarget load(Path runDir, String variant) throws IOException {
    RunFolder run = new RunFolder(runDir);
    if (!Files.isDirectory(runDir)) {
      throw new BadInputException("run folder " + runDir + " does not exist");
    }
    if (!Files.isRegularFile(run.file(RunFolder.SPEC))) {
      throw new BadInputException(runDir + " is not a run folder: it has no " + RunFolder.SPEC);
    }
    JsonNode summary = summary(run);
    Path membershipFile = run.file(RunFolder.MEMBERSHIP);
    if (!Files.exists(membershipFile)) {
      throw new BadInputException("run " + run.id() + " has no " + RunFolder.MEMBERSHIP + ": it was made before runs"
          + " saved training membership (or by another tool); run its spec again (probity run "
          + run.file(RunFolder.SPEC) + ")");
    }
    Membership.Saved saved = Membership.read(membershipFile);
    LoadedSpec loaded = spec(run);
    ExperimentSpec spec = loaded.spec();
    if (spec.isFederated() != saved.federated()) {
      throw new BadInputException(membershipFile + " is of a " + saved.kind() + " run, but " + run.file(RunFolder.SPEC)
          + " is " + (spec.isFederated() ? "federated" : "central"));
    }
    List<String> names = new ArrayList<>();
    if (spec.isFederated()) {
      spec.federated().strategies().forEach(s -> names.add(s.name()));
    } else {
      spec.variants().forEach(v -> names.add(v.name()));
    }
    String name = choose(run, names, variant);
    int index = names.indexOf(name);
    Path checkpoint = run.checkpoint(name);
    if (!Files.isRegularFile(checkpoint)) {
      throw new BadInputException((spec.isFederated() ? "strategy " : "variant ") + name + " of run " + run.id()
          + " has no checkpoint " + RunFolder.checkpointEntry(name) + (spec.isFederated()
              ? " (the strategy keeps no single global model)" : " (it was trained with train.checkpoint: false)")
          + "; a membership audit needs the trained model");
    }
    Dataset members;
    Dataset nonMembers;
    ShadowRecipe recipe;
    Module model;
    Rng root = new Rng(spec.seed());
    try {
      if (spec.isFederated()) {
        FederatedRunner.Prepared p = FederatedRunner.prepare(loaded);
        members = Membership.members(p.clients());
        nonMembers = Membership.nonMembers(p.clients());
        FederationRecipe r = FederationRecipe.of(p, index);
        recipe = r;
        model = r.model(root);
      } else {
        ExperimentRunner.Prepared p = ExperimentRunner.prepare(loaded);
        ExperimentData data = p.data();
        if (!data.classification()) {
          throw new BadInputException("run " + run.id() + " is a regression run (" + spec.data().source()
              + "): a membership audit needs a classifier's per-class outputs");
        }
        members = data.train();
        nonMembers = data.test();
        VariantRecipe r = VariantRecipe.of(p, index);
        recipe = r;
        model = r.model(root);
      }
    } catch (SpecException e) {
      throw new BadInputException("the spec of run " + run.id() + " no longer prepares: " + e.getMessage());
    }
    verify(run, membershipFile, "members", saved.members(), members);
    verify(run, membershipFile, "non_members", saved.nonMembers(), nonMembers);
    try {
      Checkpoints.load(checkpoint, model);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    checkOutputs(run, name, model, members);
    JsonNode privacy = privacy(run, summary, name);
    return new AuditTarget(runDir, name, spec.isFederated(), model, members, nonMembers, recipe, spec.seed(),
        privacy == null ? null : privacy.get("epsilon").asDouble(), privacy == null ? null : privacy.get("delta")
            .asDouble(), privacy == null ? null : privacy.path("guarantee").asText(""));
  }

  /** summary.json, which must say the run is complete. */
  private static JsonNode summary(RunFolder run) throws IOException {
    Path file = run.file(RunFolder.SUMMARY);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("run " + run.id() + " is incomplete: it has no " + RunFolder.SUMMARY
          + (run.isIncomplete() ? " and its INCOMPLETE marker is present (interrupted or still going)" : "")
          + "; only a complete run can be audited");
    }
    JsonNode s;
    try {
      s = Json.MAPPER.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage());
    }
    String status = s == null ? "" : s.path("status").asText("");
    if (status.equals("failed")) {
      throw new BadInputException("run " + run.id() + " failed (" + s.path("error").asText("no error recorded")
          + "); only a complete run can be audited");
    }
    if (!status.equals("complete")) {
      throw new BadInputException("run " + run.id() + " is incomplete: " + file + " has status \"" + status
          + "\", expected \"complete\"; only a complete run can be audited");
    }
    return s;
  }

  private static LoadedSpec spec(RunFolder run) throws IOException {
    Path file = run.file(RunFolder.SPEC);
    try {
      return Catalog.reader().read(file.toString(), Files.readString(file), List.of());
    } catch (SpecException e) {
      throw new BadInputException("the spec of run " + run.id() + " cannot be read: " + e.getMessage());
    }
  }

  private static String choose(RunFolder run, List<String> names, String variant) {
    if (variant != null) {
      if (!names.contains(variant)) {
        throw new BadInputException("run " + run.id() + " has no variant or strategy '" + variant + "'; it has "
            + String.join(", ", names));
      }
      return variant;
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    for (String n : names) {
      if (Files.isRegularFile(run.checkpoint(n))) {
        return n;
      }
    }
    return names.get(0);
  }

  private static void verify(RunFolder run, Path file, String key, Membership.Part saved, Dataset rebuilt) {
    if (!saved.matches(rebuilt)) {
      throw new BadInputException("run " + run.id() + ": the " + key.replace('_', '-') + " rebuilt from "
          + RunFolder.SPEC + " (" + rebuilt.size() + " rows, fingerprint " + rebuilt.fingerprint()
          + ") are not those " + file + " records (" + saved.rows() + " rows, fingerprint " + saved.fingerprint()
          + "): the spec, its seed or the dataset changed since the run");
    }
  }

  @SuppressWarnings("try")
  private static void checkOutputs(RunFolder run, String name, Module model, Dataset members) {
    int outputs;
    model.setTraining(false);
    try (NoGrad ignored = NoGrad.enter()) {
      Tensor out = model.forward(members.subset(new int[] {0}).features());
      outputs = out.shape().dims()[out.shape().dims().length - 1];
    }
    int classes = members.numClasses();
    if (outputs != classes && !(outputs == 1 && classes == 2)) {
      throw new BadInputException("model " + name + " of run " + run.id() + " has " + outputs + " outputs, but its"
          + " data have " + classes + " classes; a membership audit needs one output per class");
    }
  }

  /** summary.json's "privacy" object of variant {@code name}, or null when it is not private. */
  private static JsonNode privacy(RunFolder run, JsonNode summary, String name) {
    for (JsonNode v : summary.path("variants")) {
      if (name.equals(v.path("name").asText()) && v.path("privacy").isObject()) {
        JsonNode p = v.get("privacy");
        if (!p.path("epsilon").isNumber() || !p.path("delta").isNumber()) {
          throw new BadInputException(run.file(RunFolder.SUMMARY) + ": the privacy of " + name + " has no numeric"
              + " epsilon and delta");
        }
        return p;
      }
    }
    return null;
  }
}
