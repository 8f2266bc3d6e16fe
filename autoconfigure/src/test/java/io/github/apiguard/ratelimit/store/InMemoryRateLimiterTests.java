package io.github.apiguard.ratelimit.store;

import io.github.apiguard.ratelimit.RateLimiter;

import java.time.Duration;

class InMemoryRateLimiterTests extends AbstractRateLimiterTests {

	private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(1000, Duration.ofDays(32), this.clock);

	@Override
	RateLimiter limiter() {
		return this.limiter;
	}

}
