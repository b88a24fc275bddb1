package org.probity.spark;

import java.io.Serializable;
import org.probity.core.data.Dataset;
import org.probity.federated.ClientData;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * One client's {@link ClientData} as an RDD record holds it: each split's features, labels or
 * targets, groups and client ids as plain arrays (Dataset is not serializable). The decoded
 * ClientData is cached in a transient field, so a record persisted deserialized on an executor is
 * decoded once, not every round; decoding wraps the arrays without copying.
 */
final class WireData implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Split train;
  private final Split validation;
  private final Split test;
  private transient ClientData decoded;

  private WireData(Split train, Split validation, Split test) {
    this.train = train;
    this.validation = validation;
    this.test = test;
  }

  static WireData of(ClientData d) {
    return new WireData(Split.of(d.train()), d.validation() == null ? null : Split.of(d.validation()),
        Split.of(d.test()));
  }

  ClientData toClientData() {
    ClientData d = decoded;
    if (d == null) {
      d = new ClientData(train.toDataset(), validation == null ? null : validation.toDataset(), test.toDataset());
      decoded = d;
    }
    return d;
  }

  private record Split(String name, float[] features, int[] featureShape, int[] labels, int numClasses,
      float[] targets, int[] targetShape, int[] groups, int[] clients) implements Serializable {
    static Split of(Dataset d) {
      Tensor t = d.targets();
      return new Split(d.name(), d.features().data(), d.features().shape().dims(), d.labels(), d.numClasses(),
          t == null ? null : t.data(), t == null ? null : t.shape().dims(), d.groups(), d.clients());
    }

    Dataset toDataset() {
      Tensor x = Tensor.wrap(features, Shape.of(featureShape));
      Dataset d = labels != null ? Dataset.classification(name, x, labels, numClasses)
          : Dataset.regression(name, x, Tensor.wrap(targets, Shape.of(targetShape)));
      if (labels != null && targets != null) {
        d = d.withTargets(Tensor.wrap(targets, Shape.of(targetShape)));
      }
      if (groups != null) {
        d = d.withGroups(groups);
      }
      if (clients != null) {
        d = d.withClients(clients);
      }
      return d;
    }
  }
}
