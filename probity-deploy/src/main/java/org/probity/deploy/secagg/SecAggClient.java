package org.probity.deploy.secagg;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One client's side of one secure-aggregation round, as a state machine over the four phases of Bonawitz
 * et al., "Practical Secure Aggregation for Privacy-Preserving Machine Learning" (CCS 2017), for an
 * honest-but-curious server: {@link #advertiseKeys} (two ephemeral X25519 key pairs), {@link #shareKeys}
 * (Shamir t-out-of-n shares of the mask private key and of a fresh self-mask seed, each sealed with
 * AES-GCM for its recipient), {@link #maskedInput} (the quantized update plus the self mask and the
 * pairwise masks m_uv, which cancel in the sum), and {@link #unmask} (shares of the dropped clients' mask
 * keys and of the survivors' seeds). Each phase may run once, in order; a call out of order throws
 * IllegalStateException, a message that does not belong to this round or client throws
 * IllegalArgumentException naming the field, and a round that fell below the threshold throws
 * {@link SecAggAbortedException}.
 *
 * <p>Simplifications against the paper, all safe for an honest-but-curious server: no signatures on keys
 * (the server is trusted to relay them faithfully; mutual TLS authenticates clients to it) and no
 * ConsistencyCheck round. Client-level DP composes as in {@link SecAggDp}: clip before {@link #maskedInput};
 * the server adds the noise to the unmasked sum.
 *
 * <p>Randomness comes from the injected {@link SecureRandom} (production: {@code new SecureRandom()}).
 */
public final class SecAggClient {
  /** The phase whose method may be called next. */
  public enum Phase { ADVERTISE_KEYS, SHARE_KEYS, MASKED_INPUT, UNMASK, DONE }

  private final SecAggConfig config;
  private final long round;
  private final int id;
  private final int[] participants;
  private final SecureRandom random;
  private final Quantizer quantizer;
  private Phase phase = Phase.ADVERTISE_KEYS;

  private KeyPair encryptionKeys;
  private KeyPair maskKeys;
  private int[] roster;
  private byte[][] rosterEncryptionKeys;
  private byte[][] rosterMaskKeys;
  private byte[] seed;
  private ShareCipher.Shares ownShares;
  private int[] sharers;
  private ShareCipher.Shares[] received;
  /** AES-GCM keys shared with each roster member (by roster index), agreed once in shareKeys. */
  private byte[][] shareCipherKeys;

  /** A client with production randomness ({@code new SecureRandom()}). */
  public SecAggClient(SecAggConfig config, long round, int clientId, int[] participants) {
    this(config, round, clientId, participants, new SecureRandom());
  }

  /**
   * @param participants the round's participant list as announced by the server (any order, no repeats,
   *     containing {@code clientId})
   * @param random the randomness for keys, seeds, Shamir polynomials and nonces
   */
  public SecAggClient(SecAggConfig config, long round, int clientId, int[] participants, SecureRandom random) {
    if (config == null || random == null) {
      throw new IllegalArgumentException("secagg client: config and randomness are required");
    }
    Wire.checkRound("secagg client", round);
    Wire.checkId("secagg client", "clientId", clientId);
    this.participants = SecAggServer.sortedIds("secagg client", participants);
    if (Arrays.binarySearch(this.participants, clientId) < 0) {
      throw new IllegalArgumentException("secagg client: participants " + Arrays.toString(this.participants)
          + " do not include this client " + clientId);
    }
    config.checkRound(this.participants.length);
    this.config = config;
    this.round = round;
    this.id = clientId;
    this.random = random;
    this.quantizer = new Quantizer(config);
  }

  public synchronized Phase phase() {
    return phase;
  }

  public int clientId() {
    return id;
  }

  public long round() {
    return round;
  }

  /** Phase 0: fresh ephemeral key pairs for share encryption and for masks. */
  public synchronized AdvertiseKeys advertiseKeys() {
    expect(Phase.ADVERTISE_KEYS, "advertiseKeys");
    encryptionKeys = X25519.generate(random);
    maskKeys = X25519.generate(random);
    phase = Phase.SHARE_KEYS;
    return new AdvertiseKeys(round, id, X25519.encodePublic(encryptionKeys.getPublic()),
        X25519.encodePublic(maskKeys.getPublic()));
  }

  /** Phase 1: checks the roster, then shares the mask private key and a fresh self-mask seed with it. */
  public synchronized EncryptedShares shareKeys(KeyRoster r) {
    expect(Phase.SHARE_KEYS, "shareKeys");
    String op = "secagg client " + id + " shareKeys";
    if (r == null) {
      throw new IllegalArgumentException(op + ": the key roster is required");
    }
    checkRoundOf(op, r.round());
    int[] ids = r.clientIds();
    for (int v : ids) {
      if (Arrays.binarySearch(participants, v) < 0) {
        throw new IllegalArgumentException(op + ": field 'clientIds' lists " + v + ", not a participant of round "
            + round);
      }
    }
    int self = Arrays.binarySearch(ids, id);
    if (self < 0) {
      throw new IllegalArgumentException(op + ": field 'clientIds' does not include this client " + id);
    }
    if (!Arrays.equals(r.encryptionKeys()[self], X25519.encodePublic(encryptionKeys.getPublic()))
        || !Arrays.equals(r.maskKeys()[self], X25519.encodePublic(maskKeys.getPublic()))) {
      throw new IllegalArgumentException(op + ": the roster's keys for this client " + id
          + " are not the ones it advertised");
    }
    if (ids.length < config.threshold()) {
      throw new SecAggAbortedException(op + ": only " + ids.length + " clients advertised keys, fewer than the"
          + " threshold t=" + config.threshold());
    }
    checkDistinctKeys(op, r);
    roster = ids;
    rosterEncryptionKeys = r.encryptionKeys();
    rosterMaskKeys = r.maskKeys();

    seed = new byte[PairwiseMasks.SEED_BYTES];
    random.nextBytes(seed);
    long[] xs = points(ids);
    int t = config.threshold();
    BigInteger[] keyShares = Shamir.split(Secrets.toElement(X25519.scalar(maskKeys.getPrivate())), t, xs, random);
    BigInteger[] seedShares = Shamir.split(Secrets.toElement(seed), t, xs, random);
    int[] recipients = new int[ids.length - 1];
    byte[][] ciphertexts = new byte[ids.length - 1][];
    shareCipherKeys = new byte[ids.length][];
    int k = 0;
    for (int i = 0; i < ids.length; i++) {
      ShareCipher.Shares s = new ShareCipher.Shares(keyShares[i], seedShares[i]);
      if (i == self) {
        ownShares = s;
        continue;
      }
      byte[] secret = X25519.agree(encryptionKeys.getPrivate(),
          X25519.decodePublic(rosterEncryptionKeys[i], op + ": encryption key of client " + ids[i]),
          op + ": encryption key of client " + ids[i]);
      byte[] key = ShareCipher.key(secret, round, id, ids[i]);
      shareCipherKeys[i] = key;
      recipients[k] = ids[i];
      ciphertexts[k] = ShareCipher.encrypt(key, round, id, ids[i], s, random);
      k++;
    }
    phase = Phase.MASKED_INPUT;
    return new EncryptedShares(round, id, recipients, ciphertexts);
  }

  /**
   * Phase 2: opens the shares addressed to this client, then masks the quantized update against exactly
   * the clients that shared keys (the delivery's senders): y = q(x) + PRG(b) + Σ_{v&gt;u} m_uv − Σ_{v&lt;u} m_uv.
   * The update should already be clipped for DP ({@link SecAggDp#clipL2}); coordinates beyond ±maxAbs are
   * clipped here by the quantizer.
   */
  public synchronized MaskedInput maskedInput(ShareDelivery delivery, float[] update) {
    expect(Phase.MASKED_INPUT, "maskedInput");
    String op = "secagg client " + id + " maskedInput";
    if (delivery == null) {
      throw new IllegalArgumentException(op + ": the share delivery is required");
    }
    checkRoundOf(op, delivery.round());
    if (delivery.recipient() != id) {
      throw new IllegalArgumentException(op + ": field 'recipient' is " + delivery.recipient() + ", not this client "
          + id);
    }
    int[] senders = delivery.senders();
    for (int v : senders) {
      if (Arrays.binarySearch(roster, v) < 0) {
        throw new IllegalArgumentException(op + ": field 'senders' lists " + v + ", who is not in the key roster");
      }
    }
    if (senders.length + 1 < config.threshold()) {
      throw new SecAggAbortedException(op + ": only " + (senders.length + 1) + " clients shared keys, fewer than"
          + " the threshold t=" + config.threshold());
    }
    int[] y = quantizer.quantize(update);
    ShareCipher.Shares[] opened = new ShareCipher.Shares[roster.length];
    for (int k = 0; k < senders.length; k++) {
      int i = Arrays.binarySearch(roster, senders[k]);
      opened[i] = ShareCipher.decrypt(shareCipherKeys[i], round, senders[k], id, delivery.ciphertexts()[k]);
    }
    opened[Arrays.binarySearch(roster, id)] = ownShares;

    PairwiseMasks.apply(y, PairwiseMasks.selfKey(seed, round, id), 1);
    PrivateKey sk = maskKeys.getPrivate();
    for (int v : senders) {
      int i = Arrays.binarySearch(roster, v);
      byte[] secret = X25519.agree(sk, X25519.decodePublic(rosterMaskKeys[i], op + ": mask key of client " + v),
          op + ": mask key of client " + v);
      PairwiseMasks.apply(y, PairwiseMasks.pairwiseKey(secret, round, id, v), v > id ? 1 : -1);
    }
    Arrays.fill(seed, (byte) 0);
    received = opened;
    shareCipherKeys = null;
    int[] u2 = Arrays.copyOf(senders, senders.length + 1);
    u2[senders.length] = id;
    Arrays.sort(u2);
    sharers = u2;
    phase = Phase.UNMASK;
    return new MaskedInput(round, id, y);
  }

  /**
   * Phase 3: checks that survivors and dropped partition the clients that shared keys, then reveals the
   * shares of the dropped clients' mask keys and of the survivors' seeds.
   */
  public synchronized UnmaskResponse unmask(UnmaskRequest request) {
    expect(Phase.UNMASK, "unmask");
    String op = "secagg client " + id + " unmask";
    if (request == null) {
      throw new IllegalArgumentException(op + ": the unmask request is required");
    }
    checkRoundOf(op, request.round());
    int[] survivors = request.survivors();
    int[] dropped = request.dropped();
    int[] union = new int[survivors.length + dropped.length];
    System.arraycopy(survivors, 0, union, 0, survivors.length);
    System.arraycopy(dropped, 0, union, survivors.length, dropped.length);
    Arrays.sort(union);
    if (!Arrays.equals(union, sharers)) {
      throw new IllegalArgumentException(op + ": fields 'survivors' " + Arrays.toString(survivors) + " and 'dropped' "
          + Arrays.toString(dropped) + " must partition the clients that shared keys " + Arrays.toString(sharers));
    }
    if (Arrays.binarySearch(survivors, id) < 0) {
      throw new IllegalArgumentException(op + ": field 'survivors' does not include this client " + id
          + ", which sent its masked input");
    }
    if (survivors.length < config.threshold()) {
      throw new SecAggAbortedException(op + ": only " + survivors.length + " survivors, fewer than the threshold t="
          + config.threshold());
    }
    BigInteger[] keyShares = new BigInteger[dropped.length];
    for (int k = 0; k < dropped.length; k++) {
      keyShares[k] = received[Arrays.binarySearch(roster, dropped[k])].keyShare();
    }
    BigInteger[] seedShares = new BigInteger[survivors.length];
    for (int k = 0; k < survivors.length; k++) {
      seedShares[k] = received[Arrays.binarySearch(roster, survivors[k])].maskShare();
    }
    received = null;
    phase = Phase.DONE;
    return new UnmaskResponse(round, id, dropped, keyShares, survivors, seedShares);
  }

  static long[] points(int[] ids) {
    long[] xs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      xs[i] = ids[i] + 1L;
    }
    return xs;
  }

  private static void checkDistinctKeys(String op, KeyRoster r) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < r.clientIds().length; i++) {
      for (byte[] k : new byte[][] {r.encryptionKeys()[i], r.maskKeys()[i]}) {
        if (!seen.add(java.util.HexFormat.of().formatHex(k))) {
          throw new IllegalArgumentException(op + ": the roster repeats a public key (client " + r.clientIds()[i]
              + "); every key must be fresh");
        }
      }
    }
  }

  private void checkRoundOf(String op, long got) {
    if (got != round) {
      throw new IllegalArgumentException(op + ": field 'round' must be " + round + ", got " + got);
    }
  }

  private void expect(Phase wanted, String call) {
    if (phase != wanted) {
      throw new IllegalStateException("secagg client " + id + ": " + call + " called in phase " + phase
          + "; expected phase " + wanted);
    }
  }
}
