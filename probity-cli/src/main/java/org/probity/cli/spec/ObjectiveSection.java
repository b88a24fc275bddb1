package org.probity.cli.spec;

/**
 * The {@code objective:} section: {@code erm} (the mean loss), {@code tilted} with tilt {@code t}
 * (TERM; Li et al., ICLR 2021: t &lt; 0 suppresses outliers, t &gt; 0 favours the worst-off), or
 * {@code group-tilted} with a tilt {@code tau} across groups and {@code t} within them
 * (hierarchical TERM). {@code solver} is {@code minibatch} (the tilted risk of each minibatch) or
 * {@code stochastic}, the paper's stochastic solver: for {@code tilted} a running estimate of the
 * normaliser with weight {@code lambda} on the newest batch; for {@code group-tilted} sampling each
 * step's group by a running estimate of exp(tau · group loss). Unused fields are null.
 */
public record ObjectiveSection(String kind, Double t, Double tau, String solver, Double lambda) {
  public static final ObjectiveSection ERM = new ObjectiveSection("erm", null, null, null, null);

  /** A short label for tables: "erm", "tilted(t=-2)", "group-tilted(tau=1, t=-2, stochastic)". */
  public String label() {
    String s = "stochastic".equals(solver) ? ", stochastic" : "";
    return switch (kind) {
      case "tilted" -> "tilted(t=" + Section.plain(t) + s + ")";
      case "group-tilted" -> "group-tilted(tau=" + Section.plain(tau) + ", t=" + Section.plain(t) + s + ")";
      default -> kind;
    };
  }
}
