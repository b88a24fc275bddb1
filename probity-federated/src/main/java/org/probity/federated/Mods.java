package org.probity.federated;

import java.util.List;

/**
 * Wraps a {@link ClientApp} in {@link Mod}s. The first mod is outermost: it sees the instruction
 * first and the reply last, as the first filter in a servlet chain does.
 */
public final class Mods {
  private Mods() {}

  public static ClientApp wrap(ClientApp app, Mod... mods) {
    List<Mod> chain = List.of(mods);
    return new ClientApp() {
      @Override
      public FitReply fit(FitInstruction in, ClientContext ctx) {
        return call(0, in, ctx);
      }

      private FitReply call(int i, FitInstruction in, ClientContext ctx) {
        if (i == chain.size()) {
          return app.fit(in, ctx);
        }
        return chain.get(i).apply(in, ctx, (in2, ctx2) -> call(i + 1, in2, ctx2));
      }

      @Override
      public EvaluateReply evaluate(EvaluateInstruction in, ClientContext ctx) {
        return app.evaluate(in, ctx);
      }
    };
  }
}
