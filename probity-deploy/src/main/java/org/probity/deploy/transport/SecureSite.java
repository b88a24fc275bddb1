package org.probity.deploy.transport;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.probity.deploy.secagg.KeyRoster;
import org.probity.deploy.secagg.SecAggClient;
import org.probity.deploy.secagg.SecAggDp;
import org.probity.deploy.secagg.ShareDelivery;
import org.probity.deploy.secagg.UnmaskRequest;
import org.probity.tensor.nn.Params;

/**
 * A site's side of secure aggregation in a deployment (Bonawitz et al., CCS 2017): after a secure fit
 * it keeps its update Δ = w_local − w_global and example count n instead of sending them, and answers the
 * server's four phase tasks with a {@link SecAggClient}, masking [n·Δ, n] (or, for DP-FedAvg,
 * [clip_S(Δ), 1]: clipped BEFORE masking, {@link SecAggDp#clipL2}). Δ is formed in double from the
 * float32 models, so its only rounding before quantization is the cast of n·Δ to float32. The update is
 * dropped once masked; one round is kept at a time.
 */
final class SecureSite {
  private final int clientId;
  private final SecureRandom random;
  private int round = -1;
  private double[] delta;
  private int examples;
  private float[] vector;
  private SecAggClient client;
  /** Test hook: sees the unmasked vector this site is about to mask. */
  volatile Consumer<float[]> inputTap;

  SecureSite(int clientId, SecureRandom random) {
    this.clientId = clientId;
    this.random = random;
  }

  int clientId() {
    return clientId;
  }

  /** Keeps a secure fit's update for the coming secure-aggregation phases of {@code fitRound}. */
  synchronized void remember(int fitRound, Params global, Params local, int numExamples) {
    float[] g = global.flatten().data();
    float[] w = local.flatten().data();
    if (g.length != w.length) {
      throw new IllegalArgumentException("secure fit round " + fitRound + ": the trained model has " + w.length
          + " parameters, the global one " + g.length);
    }
    double[] d = new double[g.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (double) w[i] - (double) g[i];
    }
    round = fitRound;
    delta = d;
    examples = numExamples;
    vector = null;
    client = null;
  }

  /** Answers one phase task with the encoded client message. */
  synchronized byte[] answer(SecureAggregation.Step step) {
    String op = "secure aggregation round " + step.round() + " phase " + step.phase() + " at client " + clientId;
    if (step.phase() == SecureAggregation.PHASE_SETUP) {
      if (step.round() != round || delta == null) {
        throw new IllegalStateException(op + ": this site holds no update of that round (it holds round " + round
            + ")");
      }
      SecureAggregation.Setup s = SecureAggregation.decodeSetup(step.body());
      if (s.config().vectorLength() != delta.length + 1) {
        throw new IllegalArgumentException(op + ": the server expects vectors of " + s.config().vectorLength()
            + " coordinates, this site's update has " + delta.length + " + 1");
      }
      vector = s.dp() ? dpVector(s.clipNorm()) : weightedVector(op, s.config().maxAbs());
      client = new SecAggClient(s.config(), step.round(), clientId, s.participants(), random);
      return client.advertiseKeys().encode();
    }
    if (client == null || step.round() != client.round()) {
      throw new IllegalStateException(op + ": no secure-aggregation round " + step.round() + " is open here");
    }
    switch (step.phase()) {
      case SecureAggregation.PHASE_ROSTER:
        return client.shareKeys(KeyRoster.decode(step.body())).encode();
      case SecureAggregation.PHASE_DELIVERY: {
        Consumer<float[]> tap = inputTap;
        if (tap != null) {
          tap.accept(vector.clone());
        }
        byte[] masked = client.maskedInput(ShareDelivery.decode(step.body()), vector).encode();
        java.util.Arrays.fill(vector, 0f);
        delta = null;
        return masked;
      }
      default:
        return client.unmask(UnmaskRequest.decode(step.body())).encode();
    }
  }

  private float[] weightedVector(String op, double maxAbs) {
    if (examples > maxAbs) {
      throw new IllegalArgumentException(op + ": the example count " + examples + " exceeds maxAbs " + maxAbs
          + " and would be clipped; raise maxAbs");
    }
    float[] v = new float[delta.length + 1];
    for (int i = 0; i < delta.length; i++) {
      v[i] = (float) (examples * delta[i]);
    }
    v[delta.length] = examples;
    return v;
  }

  private float[] dpVector(double clipNorm) {
    float[] d = new float[delta.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) delta[i];
    }
    float[] c = SecAggDp.clipL2(d, clipNorm);
    float[] v = java.util.Arrays.copyOf(c, c.length + 1);
    v[c.length] = 1f;
    return v;
  }
}
