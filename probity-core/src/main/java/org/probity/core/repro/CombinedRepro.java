package org.probity.core.repro;

import java.util.ArrayList;
import java.util.List;

/**
 * One paper's reproduction assembled from parts registered under the same id by different
 * modules. A paper's claims can need engines that live apart: TERM's central claims run on
 * probity-core, its federated claim (client tilting narrows the spread of client accuracy) on
 * probity-federated, which core cannot see. Each module registers its part; {@code probity repro
 * ID} runs them all, in registration order, with the same seed and mode, and reports every claim
 * under the one id. The parts must name the same paper, so that a misregistered id is caught
 * rather than silently merged.
 */
public record CombinedRepro(List<Repro> parts) implements Repro {
  public CombinedRepro {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("combined reproduction: no parts");
    }
    Repro first = parts.get(0);
    for (Repro p : parts) {
      if (!p.id().equals(first.id()) || !p.paper().equals(first.paper())) {
        throw new IllegalArgumentException("combined reproduction: part " + p.getClass().getName() + " ('" + p.id()
            + "', " + p.paper() + ") does not match " + first.getClass().getName() + " ('" + first.id() + "', "
            + first.paper() + ")");
      }
    }
  }

  /**
   * {@code all} with the reproductions that share an id merged into one {@link CombinedRepro}, at
   * the place of the first; an id registered once stays as it is.
   */
  public static List<Repro> merge(List<Repro> all) {
    List<Repro> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Repro r : all) {
      int at = ids.indexOf(r.id());
      if (at < 0) {
        ids.add(r.id());
        out.add(r);
      } else {
        Repro seen = out.get(at);
        List<Repro> parts = new ArrayList<>(seen instanceof CombinedRepro c ? c.parts() : List.of(seen));
        parts.add(r);
        out.set(at, new CombinedRepro(parts));
      }
    }
    return out;
  }

  @Override
  public String id() {
    return parts.get(0).id();
  }

  @Override
  public String paper() {
    return parts.get(0).paper();
  }

  @Override
  public List<Claim> claims() {
    List<Claim> out = new ArrayList<>();
    parts.forEach(p -> out.addAll(p.claims()));
    return out;
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    List<ClaimResult> out = new ArrayList<>();
    for (Repro p : parts) {
      out.addAll(p.run(mode, seed).claims());
    }
    return new ReproResult(id(), paper(), mode, seed, out);
  }
}
