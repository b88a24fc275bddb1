package org.probity.deploy.secagg;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.probity.federated.ClientSampler;
import org.probity.federated.EvaluateInstruction;
import org.probity.federated.EvaluateReply;
import org.probity.federated.FedAvg;
import org.probity.federated.FitInstruction;
import org.probity.federated.FitReply;
import org.probity.federated.ParamMath;
import org.probity.federated.Strategy;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Federated averaging whose server only ever sees the secure sum of a round's updates (FedAvg,
 * McMahan et al., AISTATS 2017, over Bonawitz et al.'s secure aggregation, CCS 2017). Each client k
 * sends its fit reply's metadata (id, example count n_k, metrics) in the clear, but its update only
 * masked: the vector x_k = [n_k·Δ_k, n_k] with Δ_k = w_k − w (deltas, not models: they are small, so the
 * fixed-point encoding keeps more precision for the same range maxAbs). The transport unmasks
 * Σ_k x_k and {@link #offer offers} it here; {@link #aggregateFit} then returns
 * w + (Σ n_k Δ_k) / (Σ n_k), which is FedAvg's Σ (n_k/N) w_k up to the quantization error. The replies it
 * receives carry no parameters at all (an empty {@link Params}), and it refuses any that do, so an
 * individual update never reaches the strategy. It decorates a FedAvg-family strategy whose aggregate is
 * the example-weighted mean ({@link #of}: FedAvg, FedProx, Ditto, MR-MTL, ... — whose fit settings,
 * sampling and evaluation it keeps), since a sum is all it can aggregate.
 *
 * <p>With {@link #withDp} it is DP-FedAvg with central noise on a securely aggregated sum (McMahan et al.,
 * ICLR 2018, as {@code DpFixedClipping}): clients send x_k = [clip_S(Δ_k), 1] (unweighted, clipped BEFORE
 * masking), and the server releases w + (Σ clip(Δ_k) + N(0, σ²S²))/m with m the expected cohort, drawing the
 * noise from the round's {@code "dp-fixed-clipping-noise"} stream exactly as {@code DpFixedClipping}
 * ({@link SecAggDp#noisyMean}). No privacy accountant runs here; account with σ, q and the rounds.
 *
 * <p>Exactness: per coordinate, the released mean differs from plain FedAvg on the same replies by at most
 * (n·2^−f−1 + r)/N, where n is the number of survivors, N = Σ n_k, 2^−f−1 the quantizer's rounding and r
 * the float32 rounding of the client vectors (Σ_k ½ulp(n_k|Δ_k|)), plus ½ulp of the result; coordinates
 * with n_k|Δ_k| &gt; maxAbs are clipped by the quantizer and break the bound, so choose maxAbs above it.
 * With DP, replace N by the expected cohort m (the noise is the same draw as {@code DpFixedClipping}'s).
 * Over R rounds the deviations add (local training from slightly different globals may amplify them by
 * its Lipschitz constant, about 1 for the small learning rates of the tests).
 */
public class SecureFedAvg extends Strategy {
  /** The fit-config key that tells a deployed client to keep its update for secure aggregation. */
  public static final String CONFIG_KEY = "probity.secagg";

  /** A round's unmasked sum: the L update coordinates followed by the weight coordinate. */
  public record SecureSum(int round, double[] sum, int[] survivors) {}

  private final Strategy inner;
  private final double clipNorm;
  private final double noiseMultiplier;
  private final double sampleRate;
  private final Map<Integer, SecureSum> sums = new ConcurrentHashMap<>();
  private int poolSize;
  private Rng roundNoise;

  /** Secure FedAvg with this fit sampler (evaluating every client). */
  public SecureFedAvg(ClientSampler fitSampler) {
    this(new FedAvg(fitSampler), Double.NaN, 0, 1);
  }

  private SecureFedAvg(Strategy inner, double clipNorm, double noiseMultiplier, double sampleRate) {
    super(ClientSampler.all(), ClientSampler.all());
    if (!weightedMean(inner)) {
      throw new IllegalArgumentException("secure aggregation releases only the sum of a round's updates, so it can"
          + " run only strategies whose aggregate is FedAvg's example-weighted mean (FedAvg, FedProx, Ditto, ...),"
          + " got '" + (inner == null ? "null" : inner.name()) + "' (" + (inner == null ? "" : inner.getClass()
          .getSimpleName()) + ")");
    }
    this.inner = inner;
    this.clipNorm = clipNorm;
    this.noiseMultiplier = noiseMultiplier;
    this.sampleRate = sampleRate;
  }

  /**
   * DP-FedAvg over secure aggregation: clients clip Δ_k to L2 norm {@code clipNorm} before masking; the
   * server adds N(0, σ²S²) to the unmasked sum and divides by the expected cohort q·N.
   */
  /**
   * {@code inner} (a FedAvg-family strategy aggregating by the example-weighted mean) with its fit replies
   * securely aggregated; it keeps inner's sampling, fit and evaluate settings, evaluation and checkpoint state.
   */
  public static SecureFedAvg of(Strategy inner) {
    return new SecureFedAvg(inner, Double.NaN, 0, 1);
  }

  public static SecureFedAvg withDp(ClientSampler fitSampler, double clipNorm, double noiseMultiplier,
      double sampleRate) {
    return withDp(new FedAvg(fitSampler), clipNorm, noiseMultiplier, sampleRate);
  }

  /** As {@link #of}, made DP-FedAvg: clip Δ_k to S at the sites, N(0, σ²S²)/(q·N) added to the unmasked mean. */
  public static SecureFedAvg withDp(Strategy inner, double clipNorm, double noiseMultiplier, double sampleRate) {
    if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("secure-fedavg dp: clip norm S must be finite and > 0, got " + clipNorm);
    }
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException("secure-fedavg dp: noise multiplier σ must be finite and >= 0, got "
          + noiseMultiplier);
    }
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("secure-fedavg dp: sample rate q must be in (0, 1], got " + sampleRate);
    }
    return new SecureFedAvg(inner, clipNorm, noiseMultiplier, sampleRate);
  }

  /**
   * Whether {@code s} aggregates by FedAvg's weighted mean and keeps the default evaluation selection (the
   * only protected hook a decorator in another package could not forward).
   */
  static boolean weightedMean(Strategy s) {
    if (!(s instanceof FedAvg) || s instanceof SecureFedAvg) {
      return false;
    }
    try {
      Method agg = s.getClass().getMethod("aggregateFit", int.class, Params.class, List.class);
      if (agg.getDeclaringClass() != FedAvg.class) {
        return false;
      }
      for (Class<?> c = s.getClass(); c != Strategy.class; c = c.getSuperclass()) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.getName().equals("selectEvaluations") || m.getName().equals("aggregateEmptyRound")) {
            return false;
          }
        }
      }
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The decorated strategy (its sampling, settings and evaluation are used as they are). */
  public Strategy inner() {
    return inner;
  }

  @Override
  public String name() {
    return (dp() ? "secure-dp-" : "secure-") + inner.name();
  }

  /** Whether clients clip and the server adds noise (DP-FedAvg); false: example-weighted FedAvg. */
  public boolean dp() {
    return !Double.isNaN(clipNorm);
  }

  /** S, the clients' L2 clip norm; NaN without DP. */
  public double clipNorm() {
    return clipNorm;
  }

  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  @Override
  public void checkPool(int[] pool) {
    poolSize = pool.length;
    inner.checkPool(pool);
  }

  @Override
  public void initialize(Params initial) {
    sums.clear();
    inner.initialize(initial);
  }

  @Override
  public boolean communicates() {
    return inner.communicates();
  }

  @Override
  public boolean resumable() {
    return inner.resumable();
  }

  @Override
  public Map<String, double[]> saveState() {
    return inner.saveState();
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    inner.restoreState(state);
  }

  /** The inner strategy's instructions, each marked so that a deployed site keeps its update for masking. */
  @Override
  public List<FitInstruction> configureFit(int round, Params global, int[] pool, Rng rng) {
    poolSize = pool.length;
    roundNoise = rng.derive("dp-fixed-clipping-noise");
    List<FitInstruction> out = new ArrayList<>();
    for (FitInstruction in : inner.configureFit(round, global, pool, rng)) {
      out.add(new FitInstruction(in.clientId(), in.round(), in.global(), in.config().with(CONFIG_KEY, Boolean.TRUE)));
    }
    return out;
  }

  @Override
  public List<EvaluateInstruction> configureEvaluate(int round, Params global, int[] pool, Rng rng) {
    return inner.configureEvaluate(round, global, pool, rng);
  }

  @Override
  public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
    return inner.aggregateEvaluate(round, replies);
  }

  /** Called by the transport once a round's sum is unmasked, before {@link #aggregateFit}. */
  public void offer(SecureSum s) {
    if (s == null || s.sum() == null || s.survivors() == null) {
      throw new IllegalArgumentException("secure-fedavg: a secure sum needs its values and survivors");
    }
    sums.put(s.round(), s);
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    String op = "secure-fedavg round " + round;
    SecureSum s = sums.remove(round);
    if (s == null) {
      throw new IllegalStateException(op + ": no securely aggregated sum was offered; this strategy runs only in a"
          + " deployment with secure aggregation (ServerConfig.Builder.secureAggregation)");
    }
    int[] ids = new int[replies.size()];
    double examples = 0;
    for (int k = 0; k < ids.length; k++) {
      FitReply r = replies.get(k);
      if (r.params().count() != 0) {
        throw new IllegalStateException(op + ": the reply of client " + r.clientId() + " carries " + r.params().count()
            + " parameters; secure aggregation must never hand an individual update to the server");
      }
      ids[k] = r.clientId();
      examples += r.numExamples();
    }
    int[] survivors = s.survivors().clone();
    Arrays.sort(ids);
    Arrays.sort(survivors);
    if (!Arrays.equals(ids, survivors)) {
      throw new IllegalStateException(op + ": the replies " + Arrays.toString(ids) + " are not the clients in the"
          + " secure sum " + Arrays.toString(survivors));
    }
    int n = global.count();
    double[] sum = s.sum();
    if (sum.length != n + 1) {
      throw new IllegalStateException(op + ": the secure sum has " + sum.length + " coordinates, expected "
          + (n + 1) + " (the model's " + n + " and the weight)");
    }
    double weight = sum[n];
    if (dp()) {
      if (Math.abs(weight - survivors.length) > 0.25) {
        throw new IllegalStateException(op + ": the count coordinate of the secure sum is " + weight + ", expected "
            + survivors.length + " clients");
      }
      if (roundNoise == null) {
        throw new IllegalStateException(op + ": aggregated before it was configured");
      }
      Params mean = SecAggDp.noisyMean(Arrays.copyOf(sum, n), global, noiseMultiplier, clipNorm,
          sampleRate * poolSize, roundNoise);
      roundNoise = null;
      return ParamMath.weightedSum(List.of(global, mean), new double[] {1, 1});
    }
    if (Math.abs(weight - examples) > 0.25) {
      throw new IllegalStateException(op + ": the weight coordinate of the secure sum is " + weight + " but the"
          + " survivors reported " + examples + " examples; a client's count exceeds maxAbs or lied");
    }
    if (weight == 0) {
      return global;
    }
    float[] g = global.flatten().data();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (g[i] + sum[i] / weight);
    }
    return global.unflatten(Tensor.vector(out));
  }
}
