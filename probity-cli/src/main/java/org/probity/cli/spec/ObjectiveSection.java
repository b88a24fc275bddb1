package org.probity.cli.spec;

/**
 * The {@code objective:} section: {@code erm} (the mean loss), {@code tilted} with tilt {@code t}
 * (TERM; Li et al., ICLR 2021: t &lt; 0 suppresses outliers, t &gt; 0 favours the worst-off), or
 * {@code group-tilted} with a tilt {@code tau} across groups and {@code t} within them
 * (hierarchical TERM). {@code solver} is {@code minibatch} (the tilted risk of each minibatch) or
 * {@code stochastic}, the paper's stochastic solver: for {@code tilted} a running estimate of the
 * normaliser with weight {@code lambda} on the newest batch; for {@code group-tilted} sampling each
 * step's group by a running estimate of exp(tau · group loss). The distributionally robust kinds:
 * {@code cvar-dro}, the mean of each batch's worst {@code alpha} share of losses (Duchi and
 * Namkoong, Annals of Statistics 2021); {@code group-dro}, Group DRO over the data's group ids with
 * exponentiated-gradient {@code step} (Sagawa et al., ICLR 2020); and {@code bitrate-dro}, BR-DRO's
 * game against a VIB adversary of mass {@code alpha}, bitrate penalty {@code gamma}, bottleneck
 * {@code zDim} and Adam rate {@code adversaryLr}, which needs no group labels (Setlur et al., ICLR
 * 2023). Unused fields are null.
 */
public record ObjectiveSection(String kind, Double t, Double tau, String solver, Double lambda, Double alpha,
    Double step, Double gamma, Integer zDim, Double adversaryLr) {
  public static final ObjectiveSection ERM = new ObjectiveSection("erm", null, null, null, null);

  /** A TERM or ERM section (the DRO fields null). */
  public ObjectiveSection(String kind, Double t, Double tau, String solver, Double lambda) {
    this(kind, t, tau, solver, lambda, null, null, null, null, null);
  }

  /**
   * A short label for tables: "erm", "tilted(t=-2)", "group-tilted(tau=1, t=-2, stochastic)",
   * "cvar-dro(alpha=0.2)", "group-dro(step=0.01)", "bitrate-dro(alpha=0.2, gamma=0.1)" (with z_dim
   * and adversary_lr only when they differ from their defaults).
   */
  public String label() {
    String s = "stochastic".equals(solver) ? ", stochastic" : "";
    return switch (kind) {
      case "tilted" -> "tilted(t=" + Section.plain(t) + s + ")";
      case "group-tilted" -> "group-tilted(tau=" + Section.plain(tau) + ", t=" + Section.plain(t) + s + ")";
      case "cvar-dro" -> "cvar-dro(alpha=" + Section.plain(alpha) + ")";
      case "group-dro" -> "group-dro(step=" + Section.plain(step) + ")";
      case "bitrate-dro" -> "bitrate-dro(alpha=" + Section.plain(alpha) + ", gamma=" + Section.plain(gamma)
          + (zDim == null || zDim == SpecReader.DEFAULT_Z_DIM ? "" : ", z_dim=" + zDim)
          + (adversaryLr == null || adversaryLr == SpecReader.DEFAULT_ADVERSARY_LR ? ""
              : ", adversary_lr=" + Section.plain(adversaryLr)) + ")";
      default -> kind;
    };
  }
}
