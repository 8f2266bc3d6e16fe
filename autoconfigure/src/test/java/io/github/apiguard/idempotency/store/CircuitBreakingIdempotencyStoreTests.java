package io.github.apiguard.idempotency.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.RedisFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the breaker counts (issue 22, part 3): the calls a client waits for, not the background renewals of
 * leases — one renewal meeting a blip, or waiting out a busy pool, must not turn every request away.
 */
class CircuitBreakingIdempotencyStoreTests {

	private final DownStore down = new DownStore();

	private final CircuitBreaker breaker = new CircuitBreaker("test store", 2, Duration.ofMinutes(1),
			Clock.systemUTC(), RedisFailures::isOutage);

	private final CircuitBreakingIdempotencyStore store = new CircuitBreakingIdempotencyStore(this.down, this.breaker);

	@Test
	void renewalsThatMeetAnOutageNeverOpenTheBreaker() {
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(RedisConnectionFailureException.class)
				.isThrownBy(() -> this.store.renew("key", "owner", Duration.ofSeconds(30)));
		}
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.down.calls).hasValue(10);
	}

	@Test
	void completionsAndReleasesThatMeetAnOutageOpenIt() {
		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(
				() -> this.store.complete("key", "owner", new StoredResponse(201, java.util.Map.of(), new byte[0], false),
						Duration.ofHours(1)));
		assertThatExceptionOfType(RedisConnectionFailureException.class)
			.isThrownBy(() -> this.store.release("key", "owner"));
		assertThat(this.breaker.isOpen()).isTrue();
	}

	@Test
	void aRenewalTakingTheTrialOfAnOpenBreakerNeitherKeepsItOpenNorHoldsTheTrial() {
		CircuitBreaker opensAtOnce = new CircuitBreaker("test store", 1, Duration.ZERO, Clock.systemUTC(),
				RedisFailures::isOutage);
		CircuitBreakingIdempotencyStore guarded = new CircuitBreakingIdempotencyStore(this.down, opensAtOnce);
		assertThatExceptionOfType(RedisConnectionFailureException.class)
			.isThrownBy(() -> guarded.release("key", "owner"));
		assertThat(opensAtOnce.isOpen()).isTrue();
		assertThatExceptionOfType(RedisConnectionFailureException.class)
			.isThrownBy(() -> guarded.renew("key", "owner", Duration.ofSeconds(30)));
		// The next call a client waits for is the trial, not refused behind a renewal's.
		assertThat(opensAtOnce.acquire()).isEqualTo(CircuitBreaker.Permit.TRIAL);
	}

	/** A store that is down: every call meets a connection failure. */
	static final class DownStore implements IdempotencyStore {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public ClaimResult claim(IdempotencyClaim claim) {
			throw down();
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			throw down();
		}

		@Override
		public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
			throw down();
		}

		@Override
		public boolean release(String key, String owner) {
			throw down();
		}

		private RuntimeException down() {
			this.calls.incrementAndGet();
			return new RedisConnectionFailureException("Unable to connect to Redis");
		}

	}

}
