package org.probity.federated;

import org.probity.federated.privacy.UpdateClipping;
import org.probity.tensor.nn.Params;

/**
 * The client side of DP-FedAvg's clipping (McMahan, Ramage, Talwar, Zhang, ICLR 2018; Flower's
 * {@code fixedclipping_mod}): after local training the client replaces its model w_k by
 * w + clip_S(w_k − w), so its update never has L2 norm above S before it leaves the client. Use it
 * with {@link DpFixedClipping}, which clips again on the server (a no-op for clipped updates, up to
 * float rounding of the addition) and adds the noise; clipping at the client means the server never
 * sees an unclipped update. Compose it with {@link Mods#wrap}.
 */
public final class ClipUpdateMod implements Mod {
  private final double clipNorm;

  public ClipUpdateMod(double clipNorm) {
    if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clip-update mod: clip norm S must be a finite number > 0, got " + clipNorm);
    }
    this.clipNorm = clipNorm;
  }

  public double clipNorm() {
    return clipNorm;
  }

  @Override
  public FitReply apply(FitInstruction in, ClientContext ctx, Next next) {
    FitReply r = next.fit(in, ctx);
    Params update = UpdateClipping.clip(ParamMath.sub(r.params(), in.global()), clipNorm);
    Params out = ParamMath.weightedSum(java.util.List.of(in.global(), update), new double[] {1, 1});
    return new FitReply(r.clientId(), out, r.numExamples(), r.metrics());
  }
}
