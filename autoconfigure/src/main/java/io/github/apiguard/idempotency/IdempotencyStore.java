package io.github.apiguard.idempotency;

import java.time.Duration;

/**
 * Where idempotency records live. A record is claimed atomically by the first request with a key, then
 * either completed with the response to replay or released so that a retry runs again. Every write after
 * the claim is fenced by the claim's owner token: a request that lost its claim (released, or expired and
 * claimed again) can never overwrite the record of a newer owner.
 * <p>
 * Implementations: {@code InMemoryIdempotencyStore} (one node) and {@code RedisIdempotencyStore}
 * (many nodes). Declare a bean of this type to use another. Failures to reach the store are reported as
 * runtime exceptions; apiguard answers them with 503 (or lets the request through when configured to fail
 * open). As a failed claim may have been made all the same (a timeout after the store ran it), apiguard then
 * {@linkplain #release releases} it by its owner token, retrying in the background until the store answers:
 * {@code release} must be safe for a claim that was never made. A store that bounds what it holds refuses a
 * claim beyond its bound with {@link ClaimResult.Outcome#CAPACITY_EXCEEDED}, never by dropping another claim.
 */
public interface IdempotencyStore {

	/**
	 * Claims a key, or reports why it cannot be claimed, in one atomic step: a completed record is returned
	 * for replay in the same call.
	 * @param claim the key, the request's fingerprint, the owner token, the lease and the record's TTL
	 * @return the outcome
	 */
	ClaimResult claim(IdempotencyClaim claim);

	/**
	 * Extends the lease of a claim still in flight, so that a handler running longer than one lease is not
	 * taken for crashed. apiguard renews every third of the lease while the handler runs. A renewal also
	 * restarts the record's TTL, as the claim started it: a handler running longer than the TTL stays in
	 * flight, and should it then crash, duplicates are told "outcome unknown" for one TTL from its last renewal.
	 * @param key the record key
	 * @param owner the owner token of the claim
	 * @param lease the new lease, from now
	 * @return {@code false} if the claim was lost or already has its outcome
	 */
	boolean renew(String key, String owner, Duration lease);

	/**
	 * Records the response of a claimed request, if {@code owner} still owns the claim.
	 * @param key the record key
	 * @param owner the owner token of the claim
	 * @param response the response to replay
	 * @param ttl how long the completed record is kept, from now
	 * @return {@code false} if the claim was lost (released, or expired and claimed by another request)
	 */
	boolean complete(String key, String owner, StoredResponse response, Duration ttl);

	/**
	 * Deletes a claimed record, if {@code owner} still owns it, so that a retry with the key runs again.
	 * @param key the record key
	 * @param owner the owner token of the claim
	 * @return {@code false} if the claim was lost
	 */
	boolean release(String key, String owner);

	/**
	 * Whether the store honours {@link IdempotencyClaim#transactional() transactional} claims, recording that
	 * a handler's work committed inside the handler's own transaction ({@code @Idempotent(transactional = true)}).
	 * @return {@code false} unless the store says otherwise (the JDBC store)
	 */
	default boolean supportsTransactionalClaims() {
		return false;
	}

}
