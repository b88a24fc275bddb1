package org.probity.tensor.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.tensor.Tensor;

/**
 * Layers applied in order, as PyTorch's {@code nn.Sequential}: the output of one is the input of
 * the next. Parameters are named "&lt;index&gt;.&lt;name&gt;" ("0.weight", "2.bias"; nested
 * containers give "1.0.weight"), the names PyTorch's state_dict uses, so checkpoints interoperate.
 * {@link #setTraining} reaches every layer.
 */
public final class Sequential implements Module {
  private final List<Module> layers;

  public Sequential(Module... layers) {
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] == null) {
        throw new IllegalArgumentException("sequential: layer " + i + " is null");
      }
    }
    this.layers = List.of(layers);
  }

  public List<Module> layers() {
    return layers;
  }

  public Module get(int index) {
    if (index < 0 || index >= layers.size()) {
      throw new IndexOutOfBoundsException("sequential: layer " + index + " out of range for " + layers.size()
          + " layers");
    }
    return layers.get(index);
  }

  public int size() {
    return layers.size();
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor h = x;
    for (Module m : layers) {
      h = m.forward(h);
    }
    return h;
  }

  @Override
  public Params params() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, Tensor> e : layers.get(i).params().byName().entrySet()) {
        out.put(i + "." + e.getKey(), e.getValue());
      }
    }
    return new Params(out);
  }

  @Override
  public void setTraining(boolean training) {
    for (Module m : layers) {
      m.setTraining(training);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Sequential(");
    for (int i = 0; i < layers.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(layers.get(i));
    }
    return sb.append(')').toString();
  }
}
