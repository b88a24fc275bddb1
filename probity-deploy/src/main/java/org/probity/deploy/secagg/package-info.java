/**
 * Secure aggregation for real federations, after Bonawitz et al., "Practical Secure Aggregation for
 * Privacy-Preserving Machine Learning" (CCS 2017), for an honest-but-curious server: clients add pairwise
 * masks agreed by X25519 key exchange (which cancel in the sum) and a self mask to their quantized updates,
 * and Shamir-share their mask key and self-mask seed so that the server can finish a round when clients
 * drop out, yet only ever learns the sum of the survivors' updates.
 *
 * <p>A round, driven by the transport (every message is {@code byte[] encode()} / {@code static decode(byte[])}):
 * <ol>
 *   <li>each client: {@link org.probity.deploy.secagg.SecAggClient#advertiseKeys} → server
 *       {@code receive(AdvertiseKeys)}; server {@code keyRoster()} → broadcast to every advertiser;
 *   <li>each client: {@code shareKeys(KeyRoster)} → server {@code receive(EncryptedShares)}; server
 *       {@code shareDeliveries()} → send each client its own {@code ShareDelivery};
 *   <li>each client: {@code maskedInput(ShareDelivery, float[] update)} → server {@code receive(MaskedInput)};
 *       server {@code unmaskRequest()} → send to every survivor;
 *   <li>each survivor: {@code unmask(UnmaskRequest)} → server {@code receive(UnmaskResponse)}; server
 *       {@code result()} → the sum of the survivors' updates and their count.
 * </ol>
 * The server closes each phase when all expected clients answered or a deadline passed; fewer than the
 * threshold t at any point aborts the round ({@link org.probity.deploy.secagg.SecAggAbortedException}).
 * Client-level DP composes as described in {@link org.probity.deploy.secagg.SecAggDp}.
 *
 * <p>In a deployment the transport drives these phases after each fit round
 * ({@code org.probity.deploy.transport.SecureAggregation}) and hands only the unmasked sum to the strategy
 * {@link org.probity.deploy.secagg.SecureFedAvg}; turn it on with
 * {@code ServerConfig.Builder.secureAggregation(fractionalBits, maxAbs, threshold)}.
 */
package org.probity.deploy.secagg;
