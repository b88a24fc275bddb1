package org.probity.federated;

/**
 * Client middleware around {@link ClientApp#fit} (Flower's client mods), composed like servlet
 * filters: a mod may change the instruction, call {@code next}, and change the reply (clip or
 * compress an update, add DP noise, count bytes).
 */
@FunctionalInterface
public interface Mod {
  FitReply apply(FitInstruction in, ClientContext ctx, Next next);

  /** The rest of the chain: further mods and finally the app. */
  @FunctionalInterface
  interface Next {
    FitReply fit(FitInstruction in, ClientContext ctx);
  }
}
