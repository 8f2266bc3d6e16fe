package io.github.apiguard.ratelimit;

import java.util.List;

import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;

/**
 * Where rate-limit state lives and how it is updated: the SPI behind {@link InMemoryRateLimiter} and
 * {@link RedisRateLimiter}. An implementation must evaluate all charges of a request atomically, all or
 * nothing: when one limit rejects, no limit is consumed, and concurrent requests never lose an update.
 */
@FunctionalInterface
public interface RateLimiter {

	/**
	 * Charges a request against its limits.
	 * @param client the client's store-safe key (see {@code ClientKey#value()})
	 * @param charges the limits and costs, with distinct {@link Charge#stateId() state ids}
	 * @return the decision, with one status per charge
	 * @throws RateLimiterUnavailableException if the backend cannot decide for anyone (an outage); any other
	 * exception means that this request alone could not be decided
	 */
	Decision tryAcquire(String client, List<Charge> charges);

}
