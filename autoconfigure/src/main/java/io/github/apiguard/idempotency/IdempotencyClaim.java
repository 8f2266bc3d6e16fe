package io.github.apiguard.idempotency;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * An attempt to claim an idempotency key.
 *
 * @param key the record key: a hash of the client's scope and the {@code Idempotency-Key}, never the raw key
 * @param fingerprint a hash of what the request asks for (method, route, query, content type, body)
 * @param owner a random token identifying this claim; later writes must present it
 * @param lease how long the claim counts as in flight before its outcome is considered unknown
 * @param ttl how long the record is kept
 * @param transactional whether the handler's work is committed in a transaction on the store's database, which
 * marks the record as committed (see {@code JdbcIdempotencyStore#markCommitted}): a transactional claim whose
 * lease runs out with nothing committed is taken over by a retry instead of answering "outcome unknown". Only
 * stores that support it are given {@code true}.
 */
public record IdempotencyClaim(String key, String fingerprint, String owner, Duration lease, Duration ttl,
		boolean transactional) {

	public IdempotencyClaim {
		Assert.hasText(key, "'key' must not be empty");
		Assert.hasText(fingerprint, "'fingerprint' must not be empty");
		Assert.hasText(owner, "'owner' must not be empty");
		Assert.isTrue((!lease.isNegative() && !lease.isZero()), "'lease' must be positive");
		Assert.isTrue(ttl.compareTo(lease) >= 0, "'ttl' must not be shorter than 'lease'");
	}

	/**
	 * A claim that is not transactional.
	 * @param key the record key
	 * @param fingerprint the request's fingerprint
	 * @param owner the owner token
	 * @param lease how long the claim counts as in flight
	 * @param ttl how long the record is kept
	 */
	public IdempotencyClaim(String key, String fingerprint, String owner, Duration lease, Duration ttl) {
		this(key, fingerprint, owner, lease, ttl, false);
	}

}
