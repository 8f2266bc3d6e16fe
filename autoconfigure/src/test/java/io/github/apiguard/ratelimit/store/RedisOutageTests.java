package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The real {@code redis-server} is stopped mid-run and started again: each outage policy answers as
 * configured, the open breaker keeps requests away from Redis, and limits are shared again once Redis is
 * back, with no restart.
 */
class RedisOutageTests {

	private static final Duration OPEN = Duration.ofSeconds(5);

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private final Charge perHour = new Charge("api", Limit.rate("per-hour", 3, Duration.ofHours(1)), 1);

	private final AtomicInteger redisCalls = new AtomicInteger();

	private LettuceConnectionFactory factory;

	private RedisRateLimiter redis;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory();
		RedisTestSupport.flush(this.factory);
		this.redis = new RedisRateLimiter(new StringRedisTemplate(this.factory), "apiguard", this.clock);
	}

	@AfterEach
	void restoreRedis() {
		RedisServerSupport.shared().start();
		this.factory.destroy();
	}

	private FailoverRateLimiter limiter(OutagePolicy policy) {
		RateLimiter counted = (client, charges) -> {
			this.redisCalls.incrementAndGet();
			return this.redis.tryAcquire(client, charges);
		};
		return new FailoverRateLimiter(counted, policy,
				new InMemoryRateLimiter(100, Duration.ofDays(1), this.clock), 1, OPEN, this.clock);
	}

	private Decision charge(RateLimiter limiter) {
		return limiter.tryAcquire("c1", List.of(this.perHour));
	}

	@Test
	void allowAdmitsUnlimitedDuringAnOutageAndCountsIt() {
		FailoverRateLimiter limiter = limiter(OutagePolicy.ALLOW);
		assertThat(charge(limiter).statuses().get(0).remaining()).isEqualTo(2);
		RedisServerSupport.shared().stop();
		for (int i = 0; i < 10; i++) {
			Decision decision = charge(limiter);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.statuses()).isEmpty();
		}
		assertThat(limiter.isOpen()).isTrue();
		assertThat(limiter.outageDecisions()).isEqualTo(10);
		// Only the first request of the outage went to Redis; the open breaker answered the others.
		assertThat(this.redisCalls).hasValue(2);
		recover(limiter);
		assertDecidedByRedis(limiter);
	}

	@Test
	void denyRejectsDuringAnOutage() {
		FailoverRateLimiter limiter = limiter(OutagePolicy.DENY);
		assertThat(charge(limiter).allowed()).isTrue();
		RedisServerSupport.shared().stop();
		assertThatExceptionOfType(RateLimiterUnavailableException.class).isThrownBy(() -> charge(limiter));
		assertThatExceptionOfType(RateLimiterUnavailableException.class).isThrownBy(() -> charge(limiter));
		assertThat(this.redisCalls).hasValue(2);
		recover(limiter);
		assertDecidedByRedis(limiter);
	}

	@Test
	void localLimitsInMemoryDuringAnOutage() {
		FailoverRateLimiter limiter = limiter(OutagePolicy.LOCAL);
		assertThat(charge(limiter).allowed()).isTrue();
		RedisServerSupport.shared().stop();
		assertThat(charge(limiter).allowed()).isTrue();
		assertThat(charge(limiter).allowed()).isTrue();
		assertThat(charge(limiter).allowed()).isTrue();
		Decision rejected = charge(limiter);
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.statuses().get(0).remaining()).isZero();
		assertThat(this.redisCalls).hasValue(2);
		recover(limiter);
		assertDecidedByRedis(limiter);
	}

	@Test
	void theBreakerStaysOpenUntilItsDurationHasPassed() {
		FailoverRateLimiter limiter = limiter(OutagePolicy.ALLOW);
		RedisServerSupport.shared().stop();
		charge(limiter);
		RedisServerSupport.shared().start();
		this.clock.advance(OPEN.minusMillis(1));
		charge(limiter);
		assertThat(this.redisCalls).hasValue(1);
		assertThat(limiter.isOpen()).isTrue();
	}

	/**
	 * The limiter and Redis itself see the same state again. (The test server keeps nothing on disk, so it
	 * restarts empty; the recovering request used one unit.)
	 */
	private void assertDecidedByRedis(FailoverRateLimiter limiter) {
		int calls = this.redisCalls.get();
		assertThat(charge(limiter).statuses().get(0).remaining()).isEqualTo(1);
		assertThat(this.redisCalls).hasValue(calls + 1);
		assertThat(charge(this.redis).statuses().get(0).remaining()).isZero();
		assertThat(charge(limiter).allowed()).isFalse();
	}

	/**
	 * Starts Redis again and moves the clock past the open breaker until a trial request reaches Redis.
	 * Awaitility only waits for Lettuce to reconnect to the restarted process; the breaker runs on the clock.
	 * Until Lettuce has reconnected a trial fails, and with the deny policy that is an exception to wait past.
	 */
	private void recover(FailoverRateLimiter limiter) {
		RedisServerSupport.shared().start();
		await().atMost(Duration.ofSeconds(120)).ignoreException(RateLimiterUnavailableException.class).until(() -> {
			this.clock.advance(OPEN);
			Decision decision = charge(limiter);
			return !limiter.isOpen() && !decision.statuses().isEmpty();
		});
	}

}
