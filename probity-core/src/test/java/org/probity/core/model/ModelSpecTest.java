package org.probity.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void unknownTypeListsTheValidOnesAndSuggests() {
    ModelSpecException e = assertThrows(ModelSpecException.class, () -> ModelSpec.of("mpl"));
    assertEquals("type", e.field());
    assertTrue(e.getMessage().contains("logistic, softmax, linear, linear-svm, mlp, cnn"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'mlp'"), e.getMessage());
    ModelSpecException far = assertThrows(ModelSpecException.class, () -> ModelSpec.of("transformer"));
    assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
    assertThrows(ModelSpecException.class, () -> ModelSpec.of(null));
  }

  @Test
  void defaultsAreFilledIn() {
    ModelSpec mlp = ModelSpec.of("MLP");
    assertEquals("mlp", mlp.type());
    assertEquals(List.of(128), mlp.hidden());
    assertEquals("relu", mlp.activation());
    assertEquals(0.0, mlp.dropout());
    ModelSpec cnn = ModelSpec.cnn(8);
    assertEquals(List.of(6, 16), cnn.channels());
    assertEquals(5, cnn.kernel());
    assertEquals(List.of(120, 84), cnn.hidden());
    assertEquals("cnn(channels=[6, 16], kernel=5, hidden=[120, 84], relu, side=8)", cnn.describe());
  }

  @Test
  void readsAndWritesWithJackson() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    ModelSpec partial = json.readValue("{\"type\": \"mlp\", \"hidden\": [32, 16]}", ModelSpec.class);
    assertEquals(ModelSpec.mlp(List.of(32, 16), "relu", 0), partial);
    ModelSpec cnn = ModelSpec.cnn(8);
    String s = json.writeValueAsString(cnn);
    assertTrue(!s.contains("describe"), s);
    assertEquals(cnn, json.readValue(s, ModelSpec.class));
  }

  @Test
  void settingsThatDoNotApplyAreErrors() {
    ModelSpecException e = assertThrows(ModelSpecException.class,
        () -> new ModelSpec("logistic", List.of(64), null, null, null, null, null));
    assertEquals("hidden", e.field());
    assertTrue(e.getMessage().contains("does not apply to model type logistic"), e.getMessage());
    assertEquals("side", assertThrows(ModelSpecException.class,
        () -> new ModelSpec("mlp", null, null, null, null, null, 8)).field());
  }

  @Test
  void badValuesNameTheField() {
    assertEquals("dropout", assertThrows(ModelSpecException.class,
        () -> ModelSpec.mlp(List.of(8), "relu", 1.0)).field());
    assertEquals("activation", assertThrows(ModelSpecException.class,
        () -> ModelSpec.mlp(List.of(8), "swish", 0)).field());
    ModelSpecException h = assertThrows(ModelSpecException.class, () -> ModelSpec.mlp(List.of(8, 0), "relu", 0));
    assertTrue(h.getMessage().contains("hidden[1]"), h.getMessage());
    assertEquals("kernel", assertThrows(ModelSpecException.class,
        () -> new ModelSpec("cnn", null, null, null, null, 4, null)).field());
  }
}
