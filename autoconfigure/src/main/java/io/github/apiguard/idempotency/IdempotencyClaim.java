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
 */
public record IdempotencyClaim(String key, String fingerprint, String owner, Duration lease, Duration ttl) {

	public IdempotencyClaim {
		Assert.hasText(key, "'key' must not be empty");
		Assert.hasText(fingerprint, "'fingerprint' must not be empty");
		Assert.hasText(owner, "'owner' must not be empty");
		Assert.isTrue((!lease.isNegative() && !lease.isZero()), "'lease' must be positive");
		Assert.isTrue(ttl.compareTo(lease) >= 0, "'ttl' must not be shorter than 'lease'");
	}

}
