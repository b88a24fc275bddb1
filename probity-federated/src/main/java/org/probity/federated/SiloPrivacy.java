package org.probity.federated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.probity.federated.privacy.SampleDp;
import org.probity.federated.privacy.SiloBudget;
import org.probity.federated.privacy.SiloPlan;
import org.probity.federated.privacy.SiloReport;
import org.probity.tensor.Rng;
import org.probity.tensor.nn.Params;

/**
 * Silo-specific sample-level DP around any strategy (Liu, Hu, Wu, Smith, "On Privacy and
 * Personalization in Cross-Silo Federated Learning", NeurIPS 2022): a decorator that adds the
 * {@link SampleDp} settings and the silos' {@link SiloPlan} to every instruction of the wrapped
 * strategy, so that each silo trains with DP-SGD on its own examples under its own budget
 * ({@link SupervisedClient}; σ calibrated per silo for the target ε over its planned steps), and
 * collects the (ε, δ) each silo reports. Nothing else changes: the server aggregates what it
 * receives exactly as without privacy, since everything a silo sends is already private
 * (post-processing). Works with FedAvg, FedProx, the FedOpt family, FedMedian, Ditto, MR-MTL,
 * FineTune (whose fine-tuning is private and charged to the same budget), Local and IFCA (whose
 * cluster choice is made with the exponential mechanism); not with q-FFL, which needs the silos'
 * clean losses. Each evaluated round also reports "epsilon", the largest ε spent by any silo so far.
 *
 * <p>Scope of the guarantee: each silo's training examples. Test and validation metrics are reported
 * without noise (as in the paper's protocol), and choosing λ or fine-tuning epochs on validation is
 * not accounted (the paper treats tuning cost separately).
 */
public final class SiloPrivacy extends Strategy implements PrivateStrategy {
  /** The evaluation metric with the largest ε spent by any silo so far. */
  public static final String EPSILON_METRIC = "epsilon";

  private final Strategy inner;
  private final SampleDp dp;
  private final SiloPlan plan;
  private final Map<Integer, SiloReport> silos = Collections.synchronizedMap(new TreeMap<>());

  /** {@code inner} run for {@code rounds} rounds, evaluated every {@code evaluateEvery} rounds and in the last. */
  public SiloPrivacy(Strategy inner, SampleDp dp, int rounds, int evaluateEvery) {
    this(inner, dp, SiloPlan.of(check(inner), rounds, evaluateEvery));
  }

  /** With an explicit plan (e.g. one that also counts IFCA's warm-up rounds on the same silos). */
  public SiloPrivacy(Strategy inner, SampleDp dp, SiloPlan plan) {
    super(ClientSampler.all(), ClientSampler.all());
    this.inner = check(inner);
    if (dp == null || plan == null) {
      throw new IllegalArgumentException("silo privacy: settings and plan are required");
    }
    this.dp = dp;
    this.plan = plan;
  }

  private static Strategy check(Strategy inner) {
    if (inner == null) {
      throw new IllegalArgumentException("silo privacy: the strategy to wrap is required");
    }
    if (inner instanceof PrivateStrategy) {
      throw new IllegalArgumentException("silo privacy: " + inner.name() + " is already private; wrap the base"
          + " strategy once");
    }
    if (inner instanceof QFfl) {
      throw new IllegalArgumentException("silo privacy: q-FFL weighs silos by their clean train losses, which"
          + " sample-level DP does not release; use another strategy");
    }
    return inner;
  }

  @Override
  public Strategy inner() {
    return inner;
  }

  public SampleDp settings() {
    return dp;
  }

  public SiloPlan plan() {
    return plan;
  }

  @Override
  public String level() {
    return "sample";
  }

  @Override
  public double delta() {
    return dp.delta();
  }

  /** The largest ε any silo has reported (0 before any report). */
  @Override
  public double epsilon() {
    double max = 0;
    synchronized (silos) {
      for (SiloReport r : silos.values()) {
        max = Math.max(max, r.epsilon());
      }
    }
    return max;
  }

  /** Each silo's latest report, by silo id. */
  public Map<Integer, SiloReport> silos() {
    synchronized (silos) {
      return Collections.unmodifiableMap(new TreeMap<>(silos));
    }
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void checkPool(int[] pool) {
    inner.checkPool(pool);
  }

  @Override
  public void initialize(Params initial) {
    silos.clear();
    inner.initialize(initial);
  }

  @Override
  public boolean hasGlobalModel() {
    return inner.hasGlobalModel();
  }

  @Override
  public boolean communicates() {
    return inner.communicates();
  }

  @Override
  public List<FitInstruction> configureFit(int round, Params global, int[] pool, Rng rng) {
    List<FitInstruction> out = new ArrayList<>();
    for (FitInstruction in : inner.configureFit(round, global, pool, rng)) {
      out.add(in.withConfig(withPrivacy(in.config())));
    }
    return out;
  }

  @Override
  public List<EvaluateInstruction> configureEvaluate(int round, Params global, int[] pool, Rng rng) {
    List<EvaluateInstruction> out = new ArrayList<>();
    for (EvaluateInstruction in : inner.configureEvaluate(round, global, pool, rng)) {
      out.add(new EvaluateInstruction(in.clientId(), in.round(), in.global(), withPrivacy(in.config())));
    }
    return out;
  }

  private Config withPrivacy(Config c) {
    return plan.toConfig(dp.toConfig(c));
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    for (FitReply r : replies) {
      record(r.clientId(), r.metrics());
    }
    return inner.aggregateFit(round, global, replies);
  }

  @Override
  public Params aggregateEmptyRound(int round, Params global) {
    return inner.aggregateEmptyRound(round, global);
  }

  /** Records and removes the silos' budget reports, then lets the wrapped strategy select. */
  @Override
  protected List<EvaluateReply> selectEvaluations(int round, List<EvaluateReply> replies) {
    List<EvaluateReply> stripped = new ArrayList<>(replies.size());
    for (EvaluateReply r : replies) {
      record(r.clientId(), r.metrics());
      Map<String, Double> m = new LinkedHashMap<>();
      r.metrics().forEach((k, v) -> {
        if (!k.startsWith(SiloBudget.PREFIX)) {
          m.put(k, v);
        }
      });
      stripped.add(new EvaluateReply(r.clientId(), r.numExamples(), r.loss(), m));
    }
    return inner.selectEvaluations(round, stripped);
  }

  @Override
  public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
    Map<String, Double> out = new TreeMap<>(inner.aggregateEvaluate(round, replies));
    out.put(EPSILON_METRIC, epsilon());
    return out;
  }

  private void record(int silo, Map<String, Double> metrics) {
    SiloReport r = SiloReport.fromMetrics(silo, metrics);
    if (r != null) {
      silos.merge(silo, r, (old, now) -> now.steps() + now.selections() >= old.steps() + old.selections() ? now : old);
    }
  }
}
