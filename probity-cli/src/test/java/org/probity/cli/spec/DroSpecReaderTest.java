package org.probity.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distributionally robust objective kinds in a spec (cvar-dro, group-dro, bitrate-dro): their
 * defaults, labels, the exact wording of their validation errors, the refusal of keys that belong
 * to another kind, the resolved spec reading back equal, and the privacy section's refusal of them.
 */
class DroSpecReaderTest {
  static ObjectiveSection objective(String yaml) {
    return SpecReaderTest.read(yaml).spec().objective();
  }

  static String error(String yaml) {
    return assertThrows(SpecException.class, () -> SpecReaderTest.read(yaml)).getMessage();
  }

  @Test
  void defaultsComeFromTheNotesAndTheDroClasses() {
    ObjectiveSection cvar = objective("objective: {kind: cvar-dro}\n");
    assertEquals(new ObjectiveSection("cvar-dro", null, null, null, null, 0.2, null, null, null, null), cvar);
    assertEquals("cvar-dro(alpha=0.2)", cvar.label());

    ObjectiveSection group = objective("objective: {kind: group-dro}\n");
    assertEquals(new ObjectiveSection("group-dro", null, null, null, null, null, 0.01, null, null, null), group);
    assertEquals("group-dro(step=0.01)", group.label());

    ObjectiveSection br = objective("objective: {kind: bitrate-dro}\n");
    assertEquals(new ObjectiveSection("bitrate-dro", null, null, null, null, 0.2, null, 0.1, 2, 0.01), br);
    assertEquals("bitrate-dro(alpha=0.2, gamma=0.1)", br.label());
    assertNull(br.solver(), "the DRO kinds take no TERM solver");
  }

  @Test
  void givenValuesAreKeptAndLabelled() {
    assertEquals("cvar-dro(alpha=1)", objective("objective: {kind: cvar-dro, alpha: 1}\n").label());
    assertEquals("group-dro(step=0)", objective("objective: {kind: group-dro, step: 0}\n").label());
    ObjectiveSection br = objective("objective: {kind: bitrate-dro, alpha: 0.5, gamma: 1, z_dim: 4,"
        + " adversary_lr: 0.05}\n");
    assertEquals(new ObjectiveSection("bitrate-dro", null, null, null, null, 0.5, null, 1.0, 4, 0.05), br);
    assertEquals("bitrate-dro(alpha=0.5, gamma=1, z_dim=4, adversary_lr=0.05)", br.label());
  }

  @Test
  void badValuesNameTheirPathAndValue() {
    assertEquals("spec.yaml:1:36: objective.alpha: expected a number in (0, 1], got 1.5",
        error("objective: {kind: cvar-dro, alpha: 1.5}\n"));
    assertEquals("spec.yaml:1:39: objective.alpha: expected a number in (0, 1], got 0",
        error("objective: {kind: bitrate-dro, alpha: 0}\n"));
    assertEquals("spec.yaml:1:36: objective.step: expected a number >= 0, got -0.1",
        error("objective: {kind: group-dro, step: -0.1}\n"));
    assertEquals("spec.yaml:1:39: objective.gamma: expected a number >= 0, got -1",
        error("objective: {kind: bitrate-dro, gamma: -1}\n"));
    assertEquals("spec.yaml:1:39: objective.z_dim: expected a positive integer, got 0",
        error("objective: {kind: bitrate-dro, z_dim: 0}\n"));
    assertEquals("spec.yaml:1:46: objective.adversary_lr: expected a positive number, got 0",
        error("objective: {kind: bitrate-dro, adversary_lr: 0}\n"));
    assertEquals("spec.yaml:1:36: objective.alpha: expected a number in (0, 1], got .nan (NaN and infinities are"
        + " not allowed)", error("objective: {kind: cvar-dro, alpha: .nan}\n"));
  }

  @Test
  void keysOfOtherKindsAreRefused() {
    assertEquals("spec.yaml:1:31: objective.alpha: only used by kinds cvar-dro and bitrate-dro (this objective is"
        + " erm)", error("objective: {kind: erm, alpha: 0.2}\n"));
    assertEquals("spec.yaml:1:35: objective.step: only used by kind group-dro (this objective is cvar-dro)",
        error("objective: {kind: cvar-dro, step: 0.1}\n"));
    assertEquals("spec.yaml:1:37: objective.gamma: only used by kind bitrate-dro (this objective is group-dro)",
        error("objective: {kind: group-dro, gamma: 0.1}\n"));
    assertEquals("spec.yaml:1:32: objective.t: only used by kinds tilted and group-tilted (this objective is"
        + " cvar-dro)", error("objective: {kind: cvar-dro, t: 1}\n"));
    assertEquals("spec.yaml:1:40: objective.solver: only used by kinds tilted and group-tilted (this objective is"
        + " bitrate-dro)", error("objective: {kind: bitrate-dro, solver: stochastic}\n"));
    assertEquals("spec.yaml:1:40: objective.alpha: only used by kinds cvar-dro and bitrate-dro (this objective is"
        + " tilted)", error("objective: {kind: tilted, t: 1, alpha: 0.2}\n"));
    // A variant naming another kind replaces the top-level objective whole; one that does not inherits its keys.
    ExperimentSpec merged = SpecReaderTest.read("objective: {kind: cvar-dro, alpha: 0.1}\nvariants:\n"
        + "  - name: erm\n    objective: {kind: erm}\n  - name: half\n    objective: {alpha: 0.5}\n").spec();
    assertEquals(ObjectiveSection.ERM, merged.variants().get(0).objective());
    assertEquals("cvar-dro(alpha=0.5)", merged.variants().get(1).objective().label());
    String typo = error("objective: {kind: cvar-dro, alpah: 0.1}\n");
    assertTrue(typo.contains("unknown key 'objective.alpah'; did you mean 'alpha'?"), typo);
    String kind = error("objective: {kind: cvar}\n");
    assertTrue(kind.contains("objective.kind: unknown objective 'cvar'") && kind.contains("cvar-dro, group-dro,"
        + " bitrate-dro"), kind);
  }

  @Test
  void theResolvedSpecReadsBackIntoTheSameSpec() {
    String text = String.join("\n",
        "objective: {kind: bitrate-dro, gamma: 1, z_dim: 3}",
        "variants:",
        "  - name: erm",
        "    objective: {kind: erm}",
        "  - name: cvar",
        "    objective: {kind: cvar-dro, alpha: 0.1}",
        "  - name: group",
        "    objective: {kind: group-dro, step: 0.05}",
        "  - name: br",
        "");
    ExperimentSpec s = SpecReaderTest.read(text).spec();
    assertEquals(List.of("erm", "cvar-dro(alpha=0.1)", "group-dro(step=0.05)",
        "bitrate-dro(alpha=0.2, gamma=1, z_dim=3)"), s.variants().stream().map(v -> v.objective().label()).toList());
    String yaml = SpecWriter.write(s, "resolved");
    assertTrue(yaml.contains("adversary_lr: 0.01"), yaml);
    assertEquals(s, SpecReaderTest.READER.read("spec.yaml", yaml, List.of()).spec(), yaml);
  }

  @Test
  void privateVariantsStillNeedErm() {
    String spec = String.join("\n", "data: {source: digits}", "objective: {kind: cvar-dro}",
        "privacy: {clip: 1, noise: 1}", "");
    assertEquals("spec.yaml:3:10: privacy: DP-SGD clips each example's gradient of the mean loss, so a private"
        + " variant needs objective kind erm, got cvar-dro (set privacy: false for it, or objective: {kind: erm})",
        error(spec));
  }
}
