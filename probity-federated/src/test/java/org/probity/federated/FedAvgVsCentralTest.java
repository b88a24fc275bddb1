package org.probity.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.core.model.LossFunction;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.objective.Mean;
import org.probity.core.optim.Optimizer;
import org.probity.core.optim.Optimizers;
import org.probity.tensor.NoGrad;
import org.probity.tensor.Rng;
import org.probity.tensor.Tape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

class FedAvgVsCentralTest {
  @Test
  @SuppressWarnings("try")
  void oneClientOneFullBatchStepEqualsCentralisedSgd() {
    Map<Integer, ClientData> all = Fixtures.synthetic(3, 120, 7);
    ClientData c = all.get(1);
    ModelSpec spec = ModelSpec.softmax();
    Params init = Fixtures.initial(spec, all, 11);
    Dataset train = c.train();
    double lr = 0.3;
    SupervisedClient client = new SupervisedClient(spec, 1, train.size(), Optimizers.sgd(lr));
    FederationResult r;
    try (InProcessBackend b = new InProcessBackend(1)) {
      r = new Federation(Map.of(1, c), client, b, 5).run(new FedAvg(ClientSampler.all()), init, 1);
    }
    // Centralised: the same start, one gradient step on all of the client's training rows.
    Module m = Models.build(spec, train, new Rng(99));
    m.params().assign(init);
    try (Tape tape = Tape.start()) {
      Tensor l = Mean.INSTANCE.reduce(LossFunction.forModel(spec, train).perExample(m.forward(train.batch(
          identity(train.size())).x()), train.batch(identity(train.size()))), null);
      tape.backward(l);
    }
    Optimizer opt = new Optimizer(Optimizers.sgd(lr), m.params());
    try (NoGrad ignored = NoGrad.enter()) {
      opt.step();
    }
    float[] expect = m.params().flatten().data();
    float[] got = r.global().flatten().data();
    assertArrayEquals(expect, got, 1e-5f);
    assertFalse(java.util.Arrays.equals(init.flatten().data(), got), "the round must move the parameters");
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
