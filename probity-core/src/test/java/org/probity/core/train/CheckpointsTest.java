package org.probity.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizers;
import org.probity.core.provenance.Provenance;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.io.SafeTensors;
import org.probity.tensor.nn.Module;

class CheckpointsTest {
  @Test
  void roundTripGivesIdenticalOutputsAndCarriesProvenance(@TempDir Path dir) throws Exception {
    Dataset train = Blobs.make("train", 100, new Rng(1));
    ModelSpec spec = ModelSpec.mlp(List.of(6), "tanh", 0);
    Module model = Models.build(spec, train, new Rng(1));
    new Trainer(TrainConfig.ofSteps(10, 10, 0)).fit(model, LossFunction.crossEntropy(), Mean.INSTANCE,
        Optimizers.adam(0.01), train, null);
    Provenance prov = Provenance.capture("model: {type: mlp}\n", 42, Map.of("train", train));
    Path file = dir.resolve("ckpt").resolve("model.safetensors");
    Checkpoints.save(file, model.params(), 10, prov, Map.of("model", spec.describe()));

    Module fresh = Models.build(spec, train, new Rng(999));
    Tensor x = Tensor.randn(new Rng(3), 7, 2);
    assertFalse(java.util.Arrays.equals(model.forward(x).data(), fresh.forward(x).data()));
    Checkpoint c = Checkpoints.load(file, fresh);
    assertArrayEquals(model.forward(x).data(), fresh.forward(x).data());
    assertEquals(10, c.step());
    assertEquals(prov, c.provenance());
    assertEquals("mlp(hidden=[6], tanh)", c.metadata().get("model"));

    // The metadata is plain safetensors: any reader sees the provenance JSON and the step.
    Map<String, String> raw = SafeTensors.read(file).metadata();
    assertEquals("10", raw.get(Checkpoints.STEP));
    assertTrue(raw.get(Checkpoints.PROVENANCE).contains(train.fingerprint()));
    assertTrue(raw.get(Checkpoints.PROVENANCE).contains(Provenance.sha256("model: {type: mlp}\n")));
  }

  @Test
  void withoutProvenanceAndIntoAWrongModel(@TempDir Path dir) throws Exception {
    Dataset train = Blobs.make("train", 20, new Rng(1));
    Module model = Models.build(ModelSpec.softmax(), train, new Rng(1));
    Path file = dir.resolve("m.safetensors");
    Checkpoints.save(file, model, 0, null);
    assertNull(Checkpoints.read(file).provenance());
    Module other = Models.build(ModelSpec.mlp(List.of(3), "relu", 0), train, new Rng(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(file, other));
    assertTrue(e.getMessage().contains("does not fit the model"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Checkpoints.save(dir.resolve("x.safetensors"), model.params(), 1, null, Map.of("step", "2")));
  }
}
