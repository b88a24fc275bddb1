package org.probity.federated.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.core.data.Dataset;
import org.probity.core.data.Split;
import org.probity.core.data.partition.NaturalPartitioner;
import org.probity.core.data.partition.Partition;
import org.probity.core.data.synthetic.FedProxSynthetic;
import org.probity.core.metrics.Evaluator;
import org.probity.core.model.ModelSpec;
import org.probity.core.model.Models;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.federated.ClientData;
import org.probity.federated.ClientSampler;
import org.probity.federated.Federation;
import org.probity.federated.FederationException;
import org.probity.federated.InProcessBackend;
import org.probity.federated.SupervisedClient;
import org.probity.federated.tuning.ConfigSpace;
import org.probity.federated.tuning.ConfigSpace.Hyperparameters;
import org.probity.federated.tuning.NoisyEvaluation;
import org.probity.federated.tuning.RandomSearch;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Module;
import org.probity.tensor.nn.Params;

/**
 * The small-scale reproduction of Kuo, Khodak, Smith, Talwalkar et al., "On Noisy Evaluation in
 * Federated Hyperparameter Tuning" (MLSys 2023; notes-federated-privacy §7). A pool of
 * configurations sampled from the paper's search space ({@link ConfigSpace#narrowed()}: FedAdam or
 * FedAvg, client SGD with momentum) trains softmax regression on FedProx's Synthetic(1,1) (200
 * users, 10 per round, one local epoch) and, with the same configurations, on a proxy
 * Synthetic(0.5,0.5) generated from another seed; every configuration's final model is scored on
 * each of 100 evaluation users, and these per-user errors are stored (in memory). Random search
 * (N = 16 configurations per trial, running argmin of the scores, {@link RandomSearch}) is then
 * simulated on them under noiseless full evaluation, one evaluation client (nc = 1), private
 * evaluation (nc = 10, ε = 1: uniform mean plus Laplace noise N/(nc·ε), clipped), systems bias
 * (nc = 10, b = 3; reported, not claimed) and proxy selection (the configuration best on the
 * proxy's evaluation users), always reporting the true full-population error of the pick. Claims
 * and the 2-point margin are the notes' pass criterion, fixed before measuring.
 *
 * <p>One deviation from the notes' plan, found by running it: in Synthetic(α, β) every user draws
 * its own labeller W_k with independent N(u_k, 1) entries, so users that never train are at chance
 * (in a QUICK-size run on 100 such users every configuration erred 0.86–0.95 and the proxy's ranking was unrelated to
 * the target's, Spearman −0.06). The evaluation users are therefore 100 of the 200 training users,
 * scored on a quarter of their rows held out from training ({@link Settings#unseenEvalUsers()} =
 * false; true runs the literal plan). Not reproduced: data-heterogeneity re-partitioning and
 * Hyperband.
 */
public final class NoisyEvalRepro implements Repro {
  static final Claim SUBSAMPLING = new Claim("noisy-eval-subsampling",
      "Random search (N = 16 per trial) that scores each configuration on one sampled evaluation client (nc = 1)"
          + " picks configurations whose median true error is at least 2 points worse than with noiseless full"
          + " evaluation (Synthetic(1,1), 100 evaluation users).");
  static final Claim PRIVACY = new Claim("noisy-eval-privacy",
      "With private evaluation on nc = 10 clients at ε = 1 (uniform mean plus Laplace noise of scale N/(nc·ε),"
          + " clipped to [0, 1]), the median true error of the pick is at least 2 points worse than noiseless.");
  static final Claim PROXY = new Claim("noisy-eval-proxy",
      "Selecting by error on proxy data (Synthetic(0.5,0.5), another seed, same configurations) gives a median true"
          + " error closer to the noiseless one than the worse of the nc = 1 and (nc = 10, ε = 1) settings.");

  /** The notes' margin, in error rate (2 points). */
  static final double MARGIN = 0.02;
  /** Configurations per random-search trial (the notebook's N). */
  static final int PER_TRIAL = 16;

  static final String NOISELESS = "noiseless";
  static final String ONE_CLIENT = "nc=1";
  static final String PRIVATE = "nc=10,eps=1";
  static final String BIASED = "nc=10,b=3";
  static final String PROXY_SELECTION = "proxy";
  static final List<String> SETTINGS = List.of(NOISELESS, ONE_CLIENT, PRIVATE, BIASED, PROXY_SELECTION);

  private static final ModelSpec SPEC = ModelSpec.softmax();

  /**
   * Scale of one run: configurations in the pool, FL rounds, clients per round, random-search
   * trials, training and evaluation users per dataset, the cap on a user's rows.
   */
  record Settings(int configs, int rounds, int perRound, int trials, int trainUsers, int evalUsers, int maxSize,
      boolean unseenEvalUsers) {}

  /** Share of each user's rows held out for evaluation. */
  static final double HELD_OUT = 0.25;

  /**
   * One dataset's stored results: {@code errors[c][u]} is configuration c's error on evaluation user
   * u, {@code sizes[u]} that user's row count, {@code trueErrors[c]} the example-weighted error over
   * all evaluation users.
   */
  record Pool(double[][] errors, double[] sizes, double[] trueErrors) {}

  static Settings settings(Mode mode) {
    return mode == Mode.FULL ? new Settings(64, 40, 10, 200, 200, 100, 200, false)
        : new Settings(24, 20, 10, 100, 200, 100, 200, false);
  }

  @Override
  public String id() {
    return "noisy-eval";
  }

  @Override
  public String paper() {
    return "Kuo, Khodak, Smith, Talwalkar et al. On Noisy Evaluation in Federated Hyperparameter Tuning. MLSys 2023";
  }

  @Override
  public List<Claim> claims() {
    return List.of(SUBSAMPLING, PRIVACY, PROXY);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    return run(settings(mode), mode, seed);
  }

  ReproResult run(Settings s, Mode mode, long seed) {
    Rng root = new Rng(seed).derive("noisy-eval");
    List<Hyperparameters> configs = ConfigSpace.narrowed().sample(s.configs(), root.derive("configs"));
    Pool target;
    Pool proxy;
    try (InProcessBackend backend = new InProcessBackend(2)) {
      target = pool(FedProxSynthetic.Config.of(1, 1), configs, s, root.derive("target"), backend);
      proxy = pool(FedProxSynthetic.Config.of(0.5, 0.5), configs, s, root.derive("proxy"), backend);
    }
    Map<String, double[]> picks = search(target, proxy, s.trials(), root.derive("search"));

    Map<String, Double> med = new LinkedHashMap<>();
    Map<String, Double> iqr = new LinkedHashMap<>();
    picks.forEach((k, v) -> {
      med.put(k, RandomSearch.median(v));
      iqr.put(k, RandomSearch.iqr(v));
    });
    double noiseless = med.get(NOISELESS);
    String scale = " (" + s + "; N = " + PER_TRIAL + ")";

    Map<String, Double> m1 = new LinkedHashMap<>();
    m1.put("noiseless.median", noiseless);
    m1.put("nc1.median", med.get(ONE_CLIENT));
    m1.put("nc1.iqr", iqr.get(ONE_CLIENT));
    double gap1 = med.get(ONE_CLIENT) - noiseless;
    m1.put("nc1_minus_noiseless", gap1);
    ClaimResult c1 = new ClaimResult(SUBSAMPLING, m1, gap1 >= MARGIN, "median over trials of the pick's true"
        + " error; margin " + MARGIN + scale);

    Map<String, Double> m2 = new LinkedHashMap<>();
    m2.put("noiseless.median", noiseless);
    m2.put("private.median", med.get(PRIVATE));
    m2.put("private.iqr", iqr.get(PRIVATE));
    double gap2 = med.get(PRIVATE) - noiseless;
    m2.put("private_minus_noiseless", gap2);
    ClaimResult c2 = new ClaimResult(PRIVACY, m2, gap2 >= MARGIN, "Laplace scale N/(nc·ε) = "
        + (double) PER_TRIAL / 10 + "; margin " + MARGIN + scale);

    Map<String, Double> m3 = new LinkedHashMap<>();
    for (String k : SETTINGS) {
      m3.put(k + ".median", med.get(k));
      m3.put(k + ".iqr", iqr.get(k));
    }
    double worse = Math.max(gap1, gap2);
    double proxyGap = Math.abs(med.get(PROXY_SELECTION) - noiseless);
    m3.put("proxy_distance", proxyGap);
    m3.put("worse_noisy_distance", Math.abs(worse));
    m3.put("pool.best_true_error", min(target.trueErrors()));
    m3.put("pool.median_true_error", RandomSearch.median(target.trueErrors()));
    m3.put("pool.worst_true_error", max(target.trueErrors()));
    m3.put("proxy_target_spearman", spearman(proxy.trueErrors(), target.trueErrors()));
    ClaimResult c3 = new ClaimResult(PROXY, m3, proxyGap < Math.abs(worse), "|proxy − noiseless| against the larger"
        + " of the nc = 1 and private gaps; systems bias (nc = 10, b = 3) reported only" + scale);
    return new ReproResult(id(), paper(), mode, seed, List.of(c1, c2, c3));
  }

  /** The true errors of random search's picks under each setting, all with the same trial configurations. */
  static Map<String, double[]> search(Pool target, Pool proxy, int trials, Rng rng) {
    RandomSearch rs = new RandomSearch(PER_TRIAL);
    Map<String, NoisyEvaluation> evals = new LinkedHashMap<>();
    evals.put(NOISELESS, NoisyEvaluation.noiseless());
    evals.put(ONE_CLIENT, NoisyEvaluation.subsampled(1));
    evals.put(PRIVATE, NoisyEvaluation.privateEvaluation(10, 1.0, PER_TRIAL));
    evals.put(BIASED, NoisyEvaluation.systemsBias(10, 3));
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NoisyEvaluation> e : evals.entrySet()) {
      RandomSearch.Scorer scorer = RandomSearch.noisy(target.errors(), target.sizes(), e.getValue());
      out.put(e.getKey(), rs.run(trials, target.trueErrors(), scorer, rng));
    }
    out.put(PROXY_SELECTION, rs.run(trials, target.trueErrors(), RandomSearch.fixed(proxy.trueErrors()), rng));
    return out;
  }

  /**
   * Trains every configuration on one Synthetic dataset and stores its per-evaluation-user errors.
   * All configurations start from the same initial model and see the same client samples.
   */
  static Pool pool(FedProxSynthetic.Config data, List<Hyperparameters> configs, Settings s, Rng rng,
      InProcessBackend backend) {
    int users = s.unseenEvalUsers() ? s.trainUsers() + s.evalUsers() : s.trainUsers();
    if (!s.unseenEvalUsers() && s.evalUsers() > s.trainUsers()) {
      throw new IllegalArgumentException("noisy-eval: " + s.evalUsers() + " evaluation users drawn from "
          + s.trainUsers() + " training users");
    }
    Dataset all = FedProxSynthetic.generate(data.withClients(users).withMaxSize(s.maxSize()), rng.derive("data"));
    Partition p = new NaturalPartitioner().partition(all, rng.derive("partition"));
    if (p.numClients() != users) {
      throw new IllegalStateException("noisy-eval: expected " + users + " users, the partition has "
          + p.numClients());
    }
    int[] order = rng.derive("choose").permutation(users);
    Map<Integer, ClientData> train = new TreeMap<>();
    Dataset[] eval = new Dataset[s.evalUsers()];
    if (s.unseenEvalUsers()) {
      // The notes' literal plan: evaluation users never train (chance level on Synthetic, see the class comment).
      for (int i = 0; i < s.trainUsers(); i++) {
        Dataset d = p.clientData(order[i]);
        train.put(order[i], new ClientData(d, null, d));
      }
      for (int i = 0; i < eval.length; i++) {
        eval[i] = p.clientData(order[s.trainUsers() + i]);
      }
    } else {
      Split[] parts = new Split[users];
      for (int k = 0; k < users; k++) {
        parts[k] = p.clientData(k).split(HELD_OUT, rng.derive("split").derive(k));
        train.put(k, new ClientData(parts[k].train(), null, parts[k].train()));
      }
      for (int i = 0; i < eval.length; i++) {
        eval[i] = parts[order[i]].test();
      }
    }
    double[] sizes = new double[s.evalUsers()];
    for (int i = 0; i < eval.length; i++) {
      sizes[i] = eval[i].size();
    }
    Params init = Models.build(SPEC, all, rng.derive("init")).params();
    long flSeed = rng.derive("federation").nextLong();
    double[][] errors = new double[configs.size()][];
    double[] trueErrors = new double[configs.size()];
    for (int c = 0; c < configs.size(); c++) {
      Hyperparameters h = configs.get(c);
      SupervisedClient app = new SupervisedClient(SPEC, 1, h.batchSize(), h.clientOptimizer());
      errors[c] = new double[eval.length];
      Params global;
      try {
        global = new Federation(train, app, backend, flSeed).withEvaluateEvery(s.rounds())
            .run(h.strategy(ClientSampler.fixedCount(s.perRound())), init, s.rounds()).global();
      } catch (FederationException e) {
        // A configuration that diverges (no finite reply in a round) is a bad configuration, not a failed repro.
        java.util.Arrays.fill(errors[c], 1.0);
        trueErrors[c] = 1.0;
        continue;
      }
      Module model = Models.build(SPEC, all, rng.derive("eval-model"));
      model.params().assign(global);
      double wrong = 0;
      double total = 0;
      for (int u = 0; u < eval.length; u++) {
        errors[c][u] = error(model, eval[u]);
        wrong += errors[c][u] * sizes[u];
        total += sizes[u];
      }
      trueErrors[c] = wrong / total;
    }
    return new Pool(errors, sizes, trueErrors);
  }

  /** Share of rows whose arg-max output is not the label (a non-finite model errs everywhere). */
  static double error(Module model, Dataset d) {
    Tensor out = Evaluator.outputs(model, d);
    float[] o = out.data();
    int n = d.size();
    int cols = o.length / n;
    int[] y = d.labels();
    int wrong = 0;
    for (int i = 0; i < n; i++) {
      int off = i * cols;
      int best = 0;
      boolean finite = Float.isFinite(o[off]);
      for (int j = 1; j < cols; j++) {
        finite &= Float.isFinite(o[off + j]);
        if (o[off + j] > o[off + best]) {
          best = j;
        }
      }
      wrong += !finite || best != y[i] ? 1 : 0;
    }
    return (double) wrong / n;
  }

  /** Spearman rank correlation (average ranks for ties), a diagnostic of how well the proxy ranks configurations. */
  static double spearman(double[] a, double[] b) {
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = (a.length - 1) / 2.0;
    double num = 0;
    double da = 0;
    double db = 0;
    for (int i = 0; i < a.length; i++) {
      num += (ra[i] - ma) * (rb[i] - ma);
      da += (ra[i] - ma) * (ra[i] - ma);
      db += (rb[i] - ma) * (rb[i] - ma);
    }
    return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
  }

  private static double[] ranks(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        r[idx[k]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return r;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  /** The results as a table: setting, median true error of the pick, IQR. */
  static String table(ReproResult r) {
    Map<String, Double> m = r.claims().get(2).measured();
    StringBuilder sb = new StringBuilder(String.format("%-14s %10s %8s%n", "setting", "median_err", "iqr"));
    for (String k : SETTINGS) {
      sb.append(String.format("%-14s %10.4f %8.4f%n", k, m.get(k + ".median"), m.get(k + ".iqr")));
    }
    return sb.toString();
  }
}
