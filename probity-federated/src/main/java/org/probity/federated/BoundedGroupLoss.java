package org.probity.federated;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;
import org.probity.tensor.nn.Params;

/**
 * Federated bounded group loss (Hu, Wu, Smith et al., "Fair Federated Learning via Bounded Group
 * Loss", arXiv 2203.10190; the fairness notion of Agarwal, Dudík, Wu, ICML 2019;
 * notes-federated-privacy §4): minimise F(θ) = Σ_k p_k F_k(θ) subject to ℓ_a(θ) ≤ ζ for every
 * constrained group a, where ℓ_a is the mean loss over all of group a's examples across clients, by
 * a primal–dual game on L(θ, λ) = F + Σ_a λ_a (ℓ_a − ζ) with λ in Λ = {λ ≥ 0, ‖λ‖₁ ≤ B}.
 *
 * <p>θ-player: with p_k = n_k / n, client k's share of L divided by p_k is the mean over its own
 * examples of {@code w_{g_i} l_i}, {@code w_a = 1 + λ_a n / n_a} (n all train examples, n_a group
 * a's across clients), so each client trains its plain local epochs on that group-weighted mean
 * ({@link BoundedGroupLossClient}) and the server averages the models by n_k as FedAvg does: the
 * global Lagrangian is reproduced exactly, not approximated client by client. λ-player: projected
 * ascent {@code λ ← Proj_Λ(λ + η_λ (ℓ̂_a − ζ))}, ℓ̂_a the group's pooled mean train loss, which the
 * clients report (loss sums and counts by group) at the model they received — one round stale
 * against the notes' ℓ̂(θ_{t+1}), which would cost a second exchange per round. The n_a come from
 * the same reports. The guarantee is for the averaged iterate, so the strategy keeps
 * θ̄ = mean of the global models it produced ({@link #averagedModel()}) beside the last one.
 *
 * <p>B bounds how much a constraint can be priced: λ_a = B makes group a weigh B times the whole data
 * set in L. The default B = 10 lets a group holding 5% of the examples reach a per-example weight
 * of 201, about where plain local SGD at a fixed rate stops being stable; a larger B buys nothing
 * there. When ζ cannot be met, λ climbs to B and the violation stops shrinking: {@link #feasibility()}
 * then reports the constraint as infeasible, naming ζ, the group and its loss, rather than letting
 * the run end as if it had succeeded. The paper's own defaults (ζ, B, η_λ) are [unverified].
 */
public class BoundedGroupLoss extends Strategy {
  /** Fit key: train on the group-weighted objective and report group losses (boolean). */
  public static final String ACTIVE = "bgl";
  /** Fit keys {@code bgl_weight.<group id>}: w_a; a group without a key has λ_a = 0, weight 1. */
  public static final String WEIGHT_PREFIX = "bgl_weight.";
  /** Reply metrics {@code bgl_loss_sum.<group id>}: the group's summed train loss at the received model. */
  public static final String LOSS_SUM_PREFIX = "bgl_loss_sum.";
  /** Reply metrics {@code bgl_count.<group id>}: the group's number of train examples. */
  public static final String COUNT_PREFIX = "bgl_count.";
  /** The default bound B on ‖λ‖₁ (see the class comment). */
  public static final double DEFAULT_BOUND = 10;
  /** Rounds K over which λ at its bound with a violation that does not shrink means infeasible. */
  public static final int STALL_ROUNDS = 10;
  /** "Does not shrink": the violation fell by less than this fraction over the last K rounds. */
  static final double STALL_SHRINK = 0.1;

  private static final System.Logger LOG = System.getLogger(BoundedGroupLoss.class.getName());

  /** One round of the dual player: pooled group losses at the received model, λ after the update. */
  public record RoundState(int round, double[] groupLoss, double[] lambda, double maxViolation) {}

  /**
   * The verdict on the constraint after the rounds run so far: {@code feasible} when every
   * constrained group's last pooled train loss is within ζ; otherwise the worst violation, the
   * groups over ζ, whether λ sat at its bound B while the violation stalled (the sign that ζ is below
   * what the model can reach; {@code stalledSince} is the round it was first seen, or -1), and a
   * message saying which.
   */
  public record Feasibility(boolean feasible, double worstViolation, int[] violatedGroups, boolean lambdaAtBound,
      int stalledSince, String message) {}

  private final double zeta;
  private final double bound;
  private final double dualStep;
  private final int[] constrained;

  private int[] pool = new int[0];
  private final Map<Integer, long[]> clientCounts = new TreeMap<>();
  private long[] groupCounts = new long[0];
  private double[] lambda = new double[0];
  private final List<RoundState> history = new ArrayList<>();
  private double[] averageSum;
  private int iterates;
  private Params template;
  private int stalledSince = -1;

  /** All groups constrained at ζ, B = {@link #DEFAULT_BOUND}. */
  public BoundedGroupLoss(ClientSampler fitSampler, double zeta, double dualStep) {
    this(fitSampler, zeta, DEFAULT_BOUND, dualStep, null);
  }

  /**
   * @param zeta the bound ζ on each constrained group's mean loss (finite)
   * @param bound B, the bound on ‖λ‖₁ (finite, ≥ 0; 0 is FedAvg)
   * @param dualStep η_λ, the dual ascent step (finite, &gt; 0)
   * @param constrainedGroups the group ids held to ζ, or null for every group in the data
   */
  public BoundedGroupLoss(ClientSampler fitSampler, double zeta, double bound, double dualStep,
      int[] constrainedGroups) {
    super(fitSampler, ClientSampler.all());
    if (!Double.isFinite(zeta)) {
      throw new IllegalArgumentException("bounded group loss: zeta must be finite, got " + zeta);
    }
    if (!(bound >= 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("bounded group loss: bound B on |lambda|_1 must be finite and >= 0, got "
          + bound);
    }
    if (!(dualStep > 0) || Double.isInfinite(dualStep)) {
      throw new IllegalArgumentException("bounded group loss: dual step must be finite and > 0, got " + dualStep);
    }
    if (constrainedGroups != null) {
      if (constrainedGroups.length == 0) {
        throw new IllegalArgumentException("bounded group loss: constrained groups must name at least one group"
            + " (or be null for all groups)");
      }
      TreeSet<Integer> seen = new TreeSet<>();
      for (int g : constrainedGroups) {
        if (g < 0 || !seen.add(g)) {
          throw new IllegalArgumentException("bounded group loss: constrained groups must be distinct ids >= 0, got "
              + Arrays.toString(constrainedGroups));
        }
      }
      constrainedGroups = seen.stream().mapToInt(Integer::intValue).toArray();
    }
    this.zeta = zeta;
    this.bound = bound;
    this.dualStep = dualStep;
    this.constrained = constrainedGroups;
  }

  public double zeta() {
    return zeta;
  }

  public double bound() {
    return bound;
  }

  public double dualStep() {
    return dualStep;
  }

  @Override
  public String name() {
    return "bgl(zeta=" + zeta + ",B=" + bound + ",eta=" + dualStep + ")";
  }

  /**
   * Fails when a constrained group has no example in any client's train split, naming the missing
   * groups and those present; for callers that hold the data before a run (the CLI). The strategy
   * makes the same check itself once every client in the pool has reported.
   */
  public static void requireGroupsPresent(int[] constrainedGroups, Map<Integer, ClientData> clients) {
    TreeSet<Integer> present = new TreeSet<>();
    for (ClientData d : clients.values()) {
      int[] g = d.train().groups();
      if (g != null) {
        for (int v : g) {
          present.add(v);
        }
      }
    }
    checkPresent(constrainedGroups, present);
  }

  private static void checkPresent(int[] constrainedGroups, TreeSet<Integer> present) {
    if (constrainedGroups == null) {
      return;
    }
    List<Integer> missing = new ArrayList<>();
    for (int g : constrainedGroups) {
      if (!present.contains(g)) {
        missing.add(g);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("bounded group loss: groups named in the spec but absent from the data: "
          + missing + "; groups present: " + present);
    }
  }

  @Override
  public void checkPool(int[] pool) {
    this.pool = pool.clone();
  }

  @Override
  public void initialize(Params initial) {
    clientCounts.clear();
    groupCounts = new long[0];
    lambda = new double[0];
    history.clear();
    averageSum = null;
    iterates = 0;
    template = initial;
    stalledSince = -1;
  }

  /** λ by group id after the last round (a copy; zeros for unconstrained groups). */
  public double[] lambda() {
    return lambda.clone();
  }

  /** Every round's dual state, in order. */
  public List<RoundState> history() {
    return List.copyOf(history);
  }

  /** The per-group weights w_a = 1 + λ_a n / n_a the clients train on next, indexed by group id. */
  public double[] groupWeights() {
    long n = 0;
    for (long c : groupCounts) {
      n += c;
    }
    double[] w = new double[lambda.length];
    for (int a = 0; a < w.length; a++) {
      w[a] = lambda[a] > 0 && groupCounts[a] > 0 ? 1 + lambda[a] * n / groupCounts[a] : 1;
    }
    return w;
  }

  @Override
  protected Config fitConfig(int round) {
    Config c = super.fitConfig(round).with(ACTIVE, true);
    double[] w = groupWeights();
    for (int a = 0; a < w.length; a++) {
      if (w[a] != 1) {
        c = c.with(WEIGHT_PREFIX + a, w[a]);
      }
    }
    return c;
  }

  @Override
  public Params aggregateFit(int round, Params global, List<FitReply> replies) {
    double[] sums = new double[0];
    long[] counts = new long[0];
    for (FitReply r : replies) {
      long[] rc = new long[0];
      double[] rs = new double[0];
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        String key = e.getKey();
        boolean isCount = key.startsWith(COUNT_PREFIX);
        if (!isCount && !key.startsWith(LOSS_SUM_PREFIX)) {
          continue;
        }
        int g = groupId(round, r.clientId(), key, isCount ? COUNT_PREFIX : LOSS_SUM_PREFIX);
        double v = e.getValue();
        if (!Double.isFinite(v) || (isCount && (v < 0 || v != Math.rint(v)))) {
          throw new IllegalArgumentException("bounded group loss: round " + round + ": client " + r.clientId()
              + " reported '" + key + "' = " + v + ", expected a finite " + (isCount ? "count >= 0" : "loss sum"));
        }
        if (isCount) {
          rc = grow(rc, g + 1);
          rc[g] = (long) v;
        } else {
          rs = grow(rs, g + 1);
          rs[g] = v;
        }
      }
      if (rc.length == 0) {
        throw new IllegalArgumentException("bounded group loss: round " + round + ": client " + r.clientId()
            + " reported no '" + COUNT_PREFIX + "<group>' metrics; bounded group loss needs each client's group"
            + " loss sums and counts (use BoundedGroupLossClient)");
      }
      clientCounts.put(r.clientId(), rc);
      sums = grow(sums, Math.max(rc.length, rs.length));
      counts = grow(counts, rc.length);
      for (int g = 0; g < rc.length; g++) {
        counts[g] += rc[g];
      }
      for (int g = 0; g < rs.length; g++) {
        sums[g] += rs[g];
      }
    }
    refreshGroupCounts();
    double[] loss = new double[Math.max(Math.max(groupCounts.length, counts.length), lambda.length)];
    Arrays.fill(loss, Double.NaN);
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] > 0) {
        loss[g] = sums[g] / counts[g];
      }
    }
    // The dual step: ascend on each constrained group this round measured, then project onto Λ.
    double[] v = new double[loss.length];
    System.arraycopy(lambda, 0, v, 0, Math.min(lambda.length, v.length));
    double maxViolation = Double.NEGATIVE_INFINITY;
    for (int g = 0; g < v.length; g++) {
      if (!isConstrained(g)) {
        v[g] = 0;
      } else if (!Double.isNaN(loss[g])) {
        v[g] += dualStep * (loss[g] - zeta);
        maxViolation = Math.max(maxViolation, loss[g] - zeta);
      }
    }
    lambda = project(v, bound);
    history.add(new RoundState(round, loss.clone(), lambda.clone(), maxViolation));
    checkStall(round);
    Params next = FedAvg.weightedAverage(replies);
    accumulate(next);
    return next;
  }

  private boolean isConstrained(int g) {
    return constrained == null || Arrays.binarySearch(constrained, g) >= 0;
  }

  private static int groupId(int round, int client, String key, String prefix) {
    try {
      int g = Integer.parseInt(key.substring(prefix.length()));
      if (g >= 0) {
        return g;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("bounded group loss: round " + round + ": client " + client + " reported '"
        + key + "', expected '" + prefix + "<group id >= 0>'");
  }

  /** n_a from every client's latest report; once all clients have reported, checks the constrained groups. */
  private void refreshGroupCounts() {
    long[] total = new long[0];
    for (long[] c : clientCounts.values()) {
      total = grow(total, c.length);
      for (int g = 0; g < c.length; g++) {
        total[g] += c[g];
      }
    }
    groupCounts = total;
    Set<Integer> reported = new HashSet<>(clientCounts.keySet());
    boolean all = true;
    for (int id : pool) {
      all &= reported.contains(id);
    }
    if (all && constrained != null) {
      TreeSet<Integer> present = new TreeSet<>();
      for (int g = 0; g < total.length; g++) {
        if (total[g] > 0) {
          present.add(g);
        }
      }
      checkPresent(constrained, present);
    }
  }

  private void checkStall(int round) {
    if (stalledSince >= 0 || history.size() <= STALL_ROUNDS) {
      return;
    }
    int last = history.size() - 1;
    for (int i = last - STALL_ROUNDS; i <= last; i++) {
      RoundState s = history.get(i);
      if (!atBound(s.lambda()) || !(s.maxViolation() > 0)) {
        return;
      }
    }
    double before = history.get(last - STALL_ROUNDS).maxViolation();
    double now = history.get(last).maxViolation();
    if (now > (1 - STALL_SHRINK) * before) {
      stalledSince = round;
      LOG.log(System.Logger.Level.WARNING, feasibility().message());
    }
  }

  private boolean atBound(double[] l) {
    double s = 0;
    for (double v : l) {
      s += v;
    }
    return bound == 0 || s >= bound * (1 - 1e-9);
  }

  private void accumulate(Params next) {
    float[] x = next.flatten().data();
    if (averageSum == null) {
      averageSum = new double[x.length];
    }
    for (int i = 0; i < x.length; i++) {
      averageSum[i] += x[i];
    }
    iterates++;
    template = next;
  }

  /**
   * θ̄, the mean of the global models produced so far (the averaged solution that the primal–dual
   * guarantee is about), or null before the first round.
   */
  public Params averagedModel() {
    if (averageSum == null) {
      return null;
    }
    float[] out = new float[averageSum.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (averageSum[i] / iterates);
    }
    return template.unflatten(Tensor.wrap(out, Shape.of(out.length)));
  }

  /** The verdict on the constraint from the last round's pooled train losses, with no tolerance. */
  public Feasibility feasibility() {
    return feasibility(0);
  }

  /**
   * The verdict on the constraint from the last round's pooled train losses (see {@link Feasibility}),
   * a group counting as violated when its loss exceeds ζ + {@code tolerance}: with an active
   * constraint the primal–dual iterates hover around ζ, so a small tolerance separates that from a
   * constraint that is not met.
   */
  public Feasibility feasibility(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("bounded group loss: feasibility tolerance must be finite and >= 0, got "
          + tolerance);
    }
    if (history.isEmpty()) {
      throw new IllegalStateException("bounded group loss: no round has run, so feasibility is unknown");
    }
    RoundState s = history.get(history.size() - 1);
    List<Integer> violated = new ArrayList<>();
    int worst = -1;
    for (int g = 0; g < s.groupLoss().length; g++) {
      if (isConstrained(g) && !Double.isNaN(s.groupLoss()[g]) && s.groupLoss()[g] > zeta + tolerance) {
        violated.add(g);
        if (worst < 0 || s.groupLoss()[g] > s.groupLoss()[worst]) {
          worst = g;
        }
      }
    }
    boolean atBound = atBound(s.lambda());
    int[] ids = violated.stream().mapToInt(Integer::intValue).toArray();
    double l1 = 0;
    for (double v : s.lambda()) {
      l1 += v;
    }
    String message;
    if (violated.isEmpty()) {
      message = String.format("bounded group loss: every constrained group's train loss is within zeta = %s after %d"
          + " rounds (worst margin %.4g)", fmt(zeta), s.round(), s.maxViolation());
    } else if (stalledSince >= 0 && atBound) {
      message = String.format("bounded group loss: zeta = %s is below what the model reaches for group %d (train loss"
          + " %.4g after %d rounds, lambda at its bound %s); the constraint is infeasible (groups over zeta: %s)",
          fmt(zeta), worst, s.groupLoss()[worst], s.round(), fmt(bound), violated);
    } else {
      message = String.format("bounded group loss: zeta = %s is still violated for group%s %s (worst: group %d, train"
          + " loss %.4g after %d rounds, |lambda|_1 = %.4g of its bound %s); train longer or raise the dual step",
          fmt(zeta), ids.length > 1 ? "s" : "", violated, worst, s.groupLoss()[worst], s.round(), l1, fmt(bound));
    }
    return new Feasibility(violated.isEmpty(), s.maxViolation(), ids, atBound, stalledSince, message);
  }

  private static String fmt(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** Adds the dual state to the evaluation metrics: λ and pooled train loss by group, worst violation. */
  @Override
  public Map<String, Double> aggregateEvaluate(int round, List<EvaluateReply> replies) {
    Map<String, Double> out = super.aggregateEvaluate(round, replies);
    if (history.isEmpty()) {
      return out;
    }
    RoundState s = history.get(history.size() - 1);
    for (int g = 0; g < s.lambda().length; g++) {
      out.put("bgl_lambda." + g, s.lambda()[g]);
    }
    for (int g = 0; g < s.groupLoss().length; g++) {
      if (!Double.isNaN(s.groupLoss()[g])) {
        out.put("bgl_train_loss." + g, s.groupLoss()[g]);
      }
    }
    if (Double.isFinite(s.maxViolation())) {
      out.put("bgl_max_violation", s.maxViolation());
    }
    return out;
  }

  /**
   * The Euclidean projection of {@code v} onto Λ = {λ ≥ 0, Σ λ ≤ B}: negative parts clipped to 0
   * and, when the rest sums above B, the soft threshold λ_a = max(v_a − τ, 0) with Σ λ_a = B
   * (Duchi, Shalev-Shwartz, Singer, Chandra, ICML 2008, sort-based).
   */
  public static double[] project(double[] v, double bound) {
    if (!(bound >= 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("bounded group loss: bound B must be finite and >= 0, got " + bound);
    }
    double[] w = new double[v.length];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        throw new IllegalArgumentException("bounded group loss: lambda " + i + " is NaN");
      }
      w[i] = Math.max(v[i], 0);
      sum += w[i];
    }
    if (sum <= bound) {
      return w;
    }
    if (bound == 0) {
      return new double[v.length];
    }
    double[] u = w.clone();
    Arrays.sort(u);
    double cumulative = 0;
    double tau = 0;
    for (int j = u.length - 1, k = 1; j >= 0; j--, k++) {
      cumulative += u[j];
      double t = (cumulative - bound) / k;
      if (u[j] - t > 0) {
        tau = t;
      } else {
        break;
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(w[i] - tau, 0);
    }
    return w;
  }

  private static long[] grow(long[] a, int n) {
    return a.length >= n ? a : Arrays.copyOf(a, n);
  }

  private static double[] grow(double[] a, int n) {
    return a.length >= n ? a : Arrays.copyOf(a, n);
  }
}
