package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's side of one secure-aggregation round (Bonawitz et al., "Practical Secure Aggregation for
 * Privacy-Preserving Machine Learning", CCS 2017), honest-but-curious: it relays keys and sealed shares,
 * adds up the masked inputs, and at the end reconstructs (by Shamir, from at least t survivors) the mask
 * private key of every client that shared keys but sent no masked input — to remove the pairwise masks
 * the survivors added against it — and the self-mask seed of every survivor. It outputs only
 * Σ_{survivors} q(x_s), dequantized, and the count.
 *
 * <p>The transport drives it: {@code receive(...)} for each message of the current phase (thread-safe),
 * then the closing call — {@link #keyRoster}, {@link #shareDeliveries}, {@link #unmaskRequest},
 * {@link #result} — when every expected client has answered or its deadline passed. Closing a phase with
 * fewer than t clients aborts the round with {@link SecAggAbortedException}; the round never returns a
 * wrong sum. Messages for the wrong round, from unknown or duplicate senders, or with wrong lengths throw
 * IllegalArgumentException naming the field; messages for a closed phase throw IllegalStateException
 * (a late message, which the transport may drop).
 *
 * <p>Simplifications against the paper: no signatures and no ConsistencyCheck round (needed only against
 * an actively malicious server). Client-level DP composes by adding the Gaussian noise to
 * {@link SecAggResult#sum()} on the server, as {@link SecAggDp#noisyMean} does.
 */
public final class SecAggServer {
  /** The phase whose messages are accepted now. */
  public enum Phase { ADVERTISE_KEYS, SHARE_KEYS, MASKED_INPUT, UNMASK, DONE, ABORTED }

  private final SecAggConfig config;
  private final long round;
  private final int[] participants;
  private final Quantizer quantizer;
  private Phase phase = Phase.ADVERTISE_KEYS;

  private final Map<Integer, AdvertiseKeys> keys = new TreeMap<>();
  private int[] roster;
  private final Map<Integer, EncryptedShares> shares = new TreeMap<>();
  private int[] sharers;
  private final Map<Integer, Boolean> maskedFrom = new TreeMap<>();
  private int[] sum;
  private int[] survivors;
  private int[] dropped;
  private final Map<Integer, UnmaskResponse> responses = new TreeMap<>();

  /** @param participants the round's participant list (any order, no repeats), as announced to the clients */
  public SecAggServer(SecAggConfig config, long round, int[] participants) {
    if (config == null) {
      throw new IllegalArgumentException("secagg server: config is required");
    }
    Wire.checkRound("secagg server", round);
    this.participants = sortedIds("secagg server", participants);
    config.checkRound(this.participants.length);
    this.config = config;
    this.round = round;
    this.quantizer = new Quantizer(config);
  }

  public synchronized Phase phase() {
    return phase;
  }

  public long round() {
    return round;
  }

  public int[] participants() {
    return participants.clone();
  }

  // ---- phase 0: AdvertiseKeys ----

  public synchronized void receive(AdvertiseKeys m) {
    String op = open(Phase.ADVERTISE_KEYS, "AdvertiseKeys", m == null ? null : m.round());
    member(op, "clientId", m.clientId(), participants, "a participant");
    if (keys.containsKey(m.clientId())) {
      throw new IllegalArgumentException(op + ": field 'clientId' " + m.clientId() + " already advertised keys");
    }
    keys.put(m.clientId(), m);
  }

  /** Closes phase 0: the roster U1 to broadcast to every client in it. */
  public synchronized KeyRoster keyRoster() {
    expect(Phase.ADVERTISE_KEYS, "keyRoster");
    enough("advertised keys", keys.size());
    int n = keys.size();
    roster = new int[n];
    byte[][] c = new byte[n][];
    byte[][] s = new byte[n][];
    int i = 0;
    for (AdvertiseKeys k : keys.values()) {
      roster[i] = k.clientId();
      c[i] = k.encryptionKey();
      s[i] = k.maskKey();
      i++;
    }
    phase = Phase.SHARE_KEYS;
    return new KeyRoster(round, roster, c, s);
  }

  // ---- phase 1: ShareKeys ----

  public synchronized void receive(EncryptedShares m) {
    String op = open(Phase.SHARE_KEYS, "EncryptedShares", m == null ? null : m.round());
    member(op, "sender", m.sender(), roster, "in the key roster");
    if (shares.containsKey(m.sender())) {
      throw new IllegalArgumentException(op + ": field 'sender' " + m.sender() + " already sent its shares");
    }
    int[] expected = without(roster, m.sender());
    if (!Arrays.equals(m.recipients(), expected)) {
      throw new IllegalArgumentException(op + ": field 'recipients' must be every other client in the roster "
          + Arrays.toString(expected) + ", got " + Arrays.toString(m.recipients()));
    }
    shares.put(m.sender(), m);
  }

  /** Closes phase 1: for each client in U2 (those that sent shares), the ciphertexts addressed to it. */
  public synchronized Map<Integer, ShareDelivery> shareDeliveries() {
    expect(Phase.SHARE_KEYS, "shareDeliveries");
    enough("shared keys", shares.size());
    sharers = new int[shares.size()];
    int i = 0;
    for (int id : shares.keySet()) {
      sharers[i++] = id;
    }
    Map<Integer, ShareDelivery> out = new LinkedHashMap<>();
    for (int v : sharers) {
      int[] from = without(sharers, v);
      byte[][] c = new byte[from.length][];
      for (int k = 0; k < from.length; k++) {
        EncryptedShares e = shares.get(from[k]);
        c[k] = e.ciphertexts()[Arrays.binarySearch(e.recipients(), v)];
      }
      out.put(v, new ShareDelivery(round, v, from, c));
    }
    shares.clear();
    phase = Phase.MASKED_INPUT;
    return out;
  }

  // ---- phase 2: MaskedInputCollection ----

  public synchronized void receive(MaskedInput m) {
    String op = open(Phase.MASKED_INPUT, "MaskedInput", m == null ? null : m.round());
    member(op, "clientId", m.clientId(), sharers, "among the clients that shared keys");
    if (maskedFrom.containsKey(m.clientId())) {
      throw new IllegalArgumentException(op + ": field 'clientId' " + m.clientId() + " already sent its masked input");
    }
    int[] y = m.masked();
    if (y.length != config.vectorLength()) {
      throw new IllegalArgumentException(op + ": field 'masked' must hold " + config.vectorLength() + " words, got "
          + y.length);
    }
    if (sum == null) {
      sum = new int[y.length];
    }
    for (int i = 0; i < y.length; i++) {
      sum[i] += y[i];
    }
    maskedFrom.put(m.clientId(), Boolean.TRUE);
  }

  /** Closes phase 2: who survived (sent a masked input) and who dropped, to send to every survivor. */
  public synchronized UnmaskRequest unmaskRequest() {
    expect(Phase.MASKED_INPUT, "unmaskRequest");
    enough("sent masked inputs", maskedFrom.size());
    survivors = new int[maskedFrom.size()];
    int i = 0;
    for (int id : maskedFrom.keySet()) {
      survivors[i++] = id;
    }
    dropped = new int[sharers.length - survivors.length];
    int k = 0;
    for (int v : sharers) {
      if (!maskedFrom.containsKey(v)) {
        dropped[k++] = v;
      }
    }
    phase = Phase.UNMASK;
    return new UnmaskRequest(round, survivors, dropped);
  }

  // ---- phase 3: Unmasking ----

  public synchronized void receive(UnmaskResponse m) {
    String op = open(Phase.UNMASK, "UnmaskResponse", m == null ? null : m.round());
    member(op, "clientId", m.clientId(), survivors, "a survivor");
    if (responses.containsKey(m.clientId())) {
      throw new IllegalArgumentException(op + ": field 'clientId' " + m.clientId() + " already answered");
    }
    if (!Arrays.equals(m.keyOwners(), dropped)) {
      throw new IllegalArgumentException(op + ": field 'keyOwners' must be the dropped clients "
          + Arrays.toString(dropped) + ", got " + Arrays.toString(m.keyOwners()));
    }
    if (!Arrays.equals(m.seedOwners(), survivors)) {
      throw new IllegalArgumentException(op + ": field 'seedOwners' must be the survivors "
          + Arrays.toString(survivors) + ", got " + Arrays.toString(m.seedOwners()));
    }
    responses.put(m.clientId(), m);
  }

  /**
   * Closes the round: reconstructs the dropped clients' mask keys (each checked against its advertised
   * public key) and the survivors' seeds, removes every mask, and returns the sum of the survivors'
   * quantized inputs. Throws {@link SecAggAbortedException} with fewer than t responses.
   */
  public synchronized SecAggResult result() {
    expect(Phase.UNMASK, "result");
    enough("answered the unmask request", responses.size());
    int t = config.threshold();
    int[] responders = new int[responses.size()];
    int r = 0;
    for (int id : responses.keySet()) {
      responders[r++] = id;
    }
    Shamir.Reconstructor shamir = new Shamir.Reconstructor(t, SecAggClient.points(responders));
    int[] out = sum.clone();
    for (int k = 0; k < dropped.length; k++) {
      int d = dropped[k];
      byte[] scalar = Secrets.toBytes(reconstruct(shamir, responders, k, true, "mask key of dropped client " + d),
          X25519.KEY_BYTES, "mask key of dropped client " + d);
      byte[] advertised = keys.get(d).maskKey();
      if (!Arrays.equals(X25519.publicFromScalar(scalar), advertised)) {
        fail("the reconstructed mask key of dropped client " + d + " does not match its advertised public key");
      }
      PrivateKey sk = X25519.privateFromScalar(scalar);
      for (int v : survivors) {
        byte[] secret = X25519.agree(sk, X25519.decodePublic(keys.get(v).maskKey(), "mask key of client " + v),
            "mask key of client " + v);
        // Survivor v added +m_vd when d > v and −m_vd when d < v; take it back out.
        PairwiseMasks.apply(out, PairwiseMasks.pairwiseKey(secret, round, d, v), d > v ? -1 : 1);
      }
      Arrays.fill(scalar, (byte) 0);
    }
    for (int k = 0; k < survivors.length; k++) {
      int s = survivors[k];
      byte[] seed = Secrets.toBytes(reconstruct(shamir, responders, k, false, "self-mask seed of client " + s),
          PairwiseMasks.SEED_BYTES, "self-mask seed of client " + s);
      PairwiseMasks.apply(out, PairwiseMasks.selfKey(seed, round, s), -1);
    }
    phase = Phase.DONE;
    responses.clear();
    return new SecAggResult(round, out, quantizer.dequantize(out), survivors.clone(), dropped.clone());
  }

  private BigInteger reconstruct(Shamir.Reconstructor shamir, int[] responders, int index, boolean keyShare,
      String what) {
    BigInteger[] ys = new BigInteger[responders.length];
    for (int i = 0; i < responders.length; i++) {
      UnmaskResponse m = responses.get(responders[i]);
      ys[i] = keyShare ? m.keyShares()[index] : m.seedShares()[index];
    }
    try {
      return shamir.reconstruct(ys);
    } catch (IllegalArgumentException e) {
      phase = Phase.ABORTED;
      throw new SecAggAbortedException("secagg server round " + round + ": cannot reconstruct the " + what + ": "
          + e.getMessage());
    }
  }

  static int[] sortedIds(String op, int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException(op + ": the participant list is required");
    }
    int[] s = ids.clone();
    Arrays.sort(s);
    for (int i = 0; i < s.length; i++) {
      Wire.checkId(op, "participants", s[i]);
      if (i > 0 && s[i] == s[i - 1]) {
        throw new IllegalArgumentException(op + ": participant " + s[i] + " is listed twice");
      }
    }
    return s;
  }

  private static int[] without(int[] sorted, int v) {
    int[] out = new int[sorted.length - 1];
    int k = 0;
    for (int x : sorted) {
      if (x != v) {
        out[k++] = x;
      }
    }
    return out;
  }

  private String open(Phase wanted, String message, Long messageRound) {
    String op = "secagg server round " + round + ": " + message;
    if (messageRound == null) {
      throw new IllegalArgumentException(op + ": message is required");
    }
    if (phase != wanted) {
      throw new IllegalStateException(op + " arrived in phase " + phase + " (expected in phase " + wanted
          + "); too late or out of order");
    }
    if (messageRound != round) {
      throw new IllegalArgumentException(op + ": field 'round' must be " + round + ", got " + messageRound);
    }
    return op;
  }

  private static void member(String op, String field, int id, int[] sortedSet, String what) {
    if (Arrays.binarySearch(sortedSet, id) < 0) {
      throw new IllegalArgumentException(op + ": field '" + field + "' " + id + " is not " + what);
    }
  }

  private void enough(String what, int count) {
    if (count < config.threshold()) {
      fail("only " + count + " clients " + what + ", fewer than the threshold t=" + config.threshold()
          + "; the round is aborted and no sum is released");
    }
  }

  private void fail(String message) {
    phase = Phase.ABORTED;
    throw new SecAggAbortedException("secagg server round " + round + ": " + message);
  }

  private void expect(Phase wanted, String call) {
    if (phase != wanted) {
      throw new IllegalStateException("secagg server round " + round + ": " + call + " called in phase " + phase
          + "; expected phase " + wanted);
    }
  }
}
