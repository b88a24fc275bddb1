package org.probity.cli.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.cli.spec.FederatedSection;
import org.probity.cli.spec.LoadedSpec;
import org.probity.cli.spec.PartitionSection;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.core.data.Splits;
import org.probity.core.data.Standardizer;
import org.probity.core.data.partition.ClientSplit;
import org.probity.core.data.partition.CrossSiloSplit;
import org.probity.core.data.partition.DirichletLabelSkew;
import org.probity.core.data.partition.IidPartitioner;
import org.probity.core.data.partition.MotleyProtocol;
import org.probity.core.data.partition.NaturalPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.partition.Partitioner;
import org.probity.core.data.partition.QuantitySkew;
import org.probity.core.data.partition.ShardPartitioner;
import org.probity.federated.ClientData;
import org.probity.tensor.Rng;

/**
 * The clients of a federated experiment, prepared once from the spec and the root seed so that
 * every strategy sees the same ones: load or generate the data, let the server hold out a
 * stratified central test set first (if asked), partition the rest into clients, split each
 * client's rows into train/validation/test (stratified by label, Motley's cross-silo protocol;
 * clients too small for that are dropped with a warning naming them, like empty ones) and,
 * if asked, standardise each client with its own training statistics, because in federated
 * learning no pooled statistics leave the clients. Clients are keyed by their source id (the
 * data's client id, or the partitioner's client number), the id a user recognises.
 *
 * @param data the whole dataset before any split (for fingerprints and for building the model)
 * @param clients client id to its train/validation/test split (validation null when the spec
 *     asks for none)
 * @param centralTest the server's held-out set, or null
 * @param warnings clients dropped for having no rows, and other partition warnings, in order
 */
public record FederatedExperimentData(Dataset data, Map<Integer, ClientData> clients, Dataset centralTest,
    List<String> warnings) {
  public FederatedExperimentData {
    clients = Collections.unmodifiableMap(new TreeMap<>(clients));
    warnings = List.copyOf(warnings);
  }

  /**
   * Prepares the clients of {@code loaded} from {@code rng} (the root seed's "data" stream);
   * {@code images} loads image datasets as [C, H, W]. Whatever the data cannot give (labels, client
   * ids, enough rows per client) fails as bad input at the spec path that asked for it.
   */
  public static FederatedExperimentData prepare(LoadedSpec loaded, Rng rng, boolean images) {
    FederatedSection f = loaded.spec().federated();
    String source = loaded.spec().data().source();
    Generators.Generated g = ExperimentData.source(loaded, rng, images);
    if (g.whole() == null) {
      throw loaded.error("data.source", source + " comes with its own train/test split, which cannot be dealt to"
          + " clients; choose a dataset or another generator");
    }
    Dataset whole = g.whole();
    if (!whole.isClassification()) {
      throw loaded.error("data.source", "federated runs compare the clients' test accuracy and need class labels, but "
          + source + " is a regression dataset");
    }
    Dataset pool = whole;
    Dataset central = null;
    if (f.centralTest() > 0) {
      try {
        Split s = Splits.stratified(whole, f.centralTest(), rng.derive("central"));
        pool = s.train();
        central = s.test();
      } catch (IllegalArgumentException e) {
        throw loaded.error("federated.central_test", e.getMessage());
      }
      if (central.size() == 0) {
        throw loaded.error("federated.central_test", "central_test " + f.centralTest() + " of " + whole.size()
            + " rows holds out no row; use a larger fraction or 0 for none");
      }
    }
    Partition p;
    try {
      p = partitioner(f.partition()).partition(pool, rng.derive("partition"));
    } catch (IllegalArgumentException e) {
      throw loaded.error("federated.partition.kind", e.getMessage());
    }
    FederatedSection.Split split = f.split();
    List<String> warnings = new ArrayList<>(p.warnings());
    Partition kept = keepSplittable(p, split, warnings);
    if (kept == null) {
      throw loaded.error("federated.split", "no client of the " + f.partition().label() + " partition of " + source
          + " has enough rows for its own train/validation/test split (" + firstFew(warnings) + ")");
    }
    Map<Integer, ClientData> clients = new LinkedHashMap<>();
    if (split.validation() > 0) {
      CrossSiloSplit cs;
      try {
        cs = MotleyProtocol.crossSilo(kept, split.validation(), split.test(), rng.derive("split"));
      } catch (IllegalArgumentException e) {
        throw loaded.error("federated.split", e.getMessage());
      }
      for (Map.Entry<Integer, ClientSplit> e : new TreeMap<>(cs.silos()).entrySet()) {
        ClientSplit c = e.getValue();
        clients.put(kept.sourceId(e.getKey()), new ClientData(c.train(), c.validation(), c.test()));
      }
    } else {
      for (int c = 0; c < kept.numClients(); c++) {
        Dataset d = kept.clientData(c);
        Split s = Splits.stratified(d, split.test(), rng.derive("split").derive(c));
        if (s.train().size() == 0 || s.test().size() == 0) {
          warnings.add(tooFew(kept.sourceId(c), d.size(), split) + " (stratified by label: train "
              + s.train().size() + ", test " + s.test().size() + "); dropped");
          continue;
        }
        clients.put(kept.sourceId(c), new ClientData(s.train(), null, s.test()));
      }
      if (clients.isEmpty()) {
        throw loaded.error("federated.split.test", "no client has rows for both a train and a test split ("
            + firstFew(warnings) + ")");
      }
    }
    if (loaded.spec().data().standardize()) {
      clients.replaceAll((id, c) -> standardized(c));
      if (central != null) {
        // The server has no client's statistics either: its held-out set is scaled by its own.
        central = Standardizer.fit(central).apply(central);
      }
    }
    return new FederatedExperimentData(whole, clients, central, warnings);
  }

  /**
   * The clients of {@code p} with enough rows to give every part of the split at least one row
   * (Motley's rounding: round(fraction · n) rows per part); the others are dropped with a warning
   * naming them, since skewed partitions legitimately starve a few clients. Null when none is left.
   */
  private static Partition keepSplittable(Partition p, FederatedSection.Split split, List<String> warnings) {
    List<int[]> rows = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int c = 0; c < p.numClients(); c++) {
      int n = p.size(c);
      int nVal = (int) Math.round(n * split.validation());
      int nTest = (int) Math.round(n * split.test());
      if (nTest < 1 || n - nVal - nTest < 1 || (split.validation() > 0 && nVal < 1)) {
        warnings.add(tooFew(p.sourceId(c), n, split) + "; dropped");
      } else {
        rows.add(p.rows(c));
        ids.add(p.sourceId(c));
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    return Partition.of(p.dataset(), p.description(), rows.toArray(new int[0][]),
        ids.stream().mapToInt(Integer::intValue).toArray(), List.of());
  }

  /** The first warnings and how many more: an error about 1,797 clients must still fit on a screen. */
  private static String firstFew(List<String> warnings) {
    int shown = Math.min(warnings.size(), 3);
    String head = String.join("; ", warnings.subList(0, shown));
    return warnings.size() > shown ? head + "; and " + (warnings.size() - shown) + " more like these" : head;
  }

  private static String tooFew(int client, int n, FederatedSection.Split split) {
    return "client " + client + " has " + n + (n == 1 ? " row" : " rows") + ", too few for its own split (validation "
        + split.validation() + ", test " + split.test() + ")";
  }

  private static Partitioner partitioner(PartitionSection p) {
    return switch (p.kind()) {
      case "iid" -> new IidPartitioner(p.clients());
      case "dirichlet" -> new DirichletLabelSkew(p.clients(), p.alpha());
      case "quantity" -> QuantitySkew.dirichlet(p.clients(), p.beta());
      case "shards" -> new ShardPartitioner(p.clients(), p.shardsPerClient());
      default -> new NaturalPartitioner();
    };
  }

  private static ClientData standardized(ClientData c) {
    Standardizer s = Standardizer.fit(c.train());
    return new ClientData(s.apply(c.train()), c.validation() == null ? null : s.apply(c.validation()),
        s.apply(c.test()));
  }

  public int trainSize() {
    return clients.values().stream().mapToInt(c -> c.train().size()).sum();
  }

  public int validationSize() {
    return clients.values().stream().mapToInt(c -> c.validation() == null ? 0 : c.validation().size()).sum();
  }

  public int testSize() {
    return clients.values().stream().mapToInt(c -> c.test().size()).sum();
  }

  public int centralTestSize() {
    return centralTest == null ? 0 : centralTest.size();
  }

  /** Role to dataset, for provenance's fingerprints. */
  public Map<String, Dataset> roles() {
    Map<String, Dataset> m = new LinkedHashMap<>();
    m.put("data", data);
    if (centralTest != null) {
      m.put("central_test", centralTest);
    }
    return m;
  }
}
