package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * The state of one limit after a decision.
 *
 * @param charge the charge that was evaluated
 * @param conforming whether this limit alone would admit the request
 * @param remaining units left after the decision (after consuming, when the request was admitted)
 * @param resetAt when the limit is whole again: the end of a quota's period, or when a rate's burst is
 * fully replenished
 * @param retryAfter for a non-conforming limit, how long until the same request would conform; zero otherwise
 */
public record LimitStatus(Charge charge, boolean conforming, long remaining, Instant resetAt, Duration retryAfter) {

	/**
	 * The limit.
	 * @return the limit
	 */
	public Limit limit() {
		return this.charge.limit();
	}

}
