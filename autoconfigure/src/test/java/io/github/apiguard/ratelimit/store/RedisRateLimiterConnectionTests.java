package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.ratelimit.RedisTestSupport;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the limiter talks to Redis, on a real {@code redis-server}: on the native connection a
 * {@link LettuceConnectionFactory} shares (held between calls), or through a connection per call for any other
 * factory; {@code EVALSHA} with the script sent again, in the same call, after Redis forgot it; a connection
 * replaced under the limiter; a command that times out.
 */
class RedisRateLimiterConnectionTests {

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private final Charge perMinute = new Charge("api", Limit.rate("per-minute", 10, Duration.ofMinutes(1)), 1);

	private final Charge monthly = new Charge("api",
			Limit.quota("monthly", 100, CalendarPeriod.MONTH, java.time.ZoneOffset.UTC), 1);

	private LettuceConnectionFactory factory;

	private RedisServerSupport dedicated;

	@AfterEach
	void tearDown() {
		if (this.factory != null) {
			this.factory.destroy();
		}
		if (this.dedicated != null) {
			this.dedicated.resume();
			this.dedicated.stop();
		}
	}

	@Test
	void theSharedNativeConnectionIsUsedAndHeld() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		RedisTestSupport.flush(this.factory);
		RedisRateLimiter limiter = new RedisRateLimiter(this.factory, "apiguard", this.clock);
		assertThat(RateLimitScript.on(this.factory)).isInstanceOf(LettuceRateLimitScript.class);
		assertCountsDown(limiter);
	}

	@Test
	void aFactoryWithoutASharedConnectionGetsAConnectionPerCall() {
		this.factory = unshared(RedisServerSupport.shared().port());
		RedisTestSupport.flush(this.factory);
		RedisRateLimiter limiter = new RedisRateLimiter(this.factory, "apiguard", this.clock);
		assertThat(RateLimitScript.on(this.factory)).isInstanceOf(RateLimitScript.ConnectionPerCall.class);
		assertCountsDown(limiter);
	}

	@Test
	void aFlushedScriptCacheCostsOneEvalAndNoDecision() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		assertSurvivesScriptFlush(this.factory);
	}

	@Test
	void aFlushedScriptCacheCostsOneEvalAndNoDecisionOnAConnectionPerCall() {
		this.factory = unshared(RedisServerSupport.shared().port());
		assertSurvivesScriptFlush(this.factory);
	}

	@Test
	void aSharedConnectionReplacedUnderTheLimiterIsPickedUp() {
		this.factory = RedisTestSupport.connectionFactory(Duration.ofSeconds(30));
		RedisTestSupport.flush(this.factory);
		RedisRateLimiter limiter = new RedisRateLimiter(this.factory, "apiguard", this.clock);
		assertThat(limiter.tryAcquire("c1", List.of(this.perMinute)).allowed()).isTrue();
		// Closes the shared native connection the limiter holds; the factory makes a new one on demand.
		this.factory.resetConnection();
		Decision decision = limiter.tryAcquire("c1", List.of(this.perMinute));
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.statuses().get(0).remaining()).isEqualTo(8);
	}

	@Test
	void aCommandTimeoutIsAnOutageAndTheHeldConnectionServesAgainAfterIt() {
		this.dedicated = RedisServerSupport.dedicated();
		this.factory = factory(this.dedicated.port(), Duration.ofSeconds(2), true);
		RedisRateLimiter limiter = new RedisRateLimiter(this.factory, "apiguard", this.clock);
		assertThat(limiter.tryAcquire("c1", List.of(this.perMinute)).allowed()).isTrue();
		// Paused, the server cannot answer in any time: only the command timeout ends the call.
		this.dedicated.pause();
		assertThatExceptionOfType(RateLimiterUnavailableException.class)
			.isThrownBy(() -> limiter.tryAcquire("c1", List.of(this.perMinute)))
			.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class));
		this.dedicated.resume();
		// The held connection was not lost: the next decision is Redis' again (the timed-out command may have
		// run once the server resumed, so the count is not asserted).
		assertThat(limiter.tryAcquire("c1", List.of(this.perMinute)).statuses()).hasSize(1);
	}

	private void assertCountsDown(RedisRateLimiter limiter) {
		for (long remaining = 9; remaining >= 0; remaining--) {
			Decision decision = limiter.tryAcquire("c1", List.of(this.perMinute, this.monthly));
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.statuses()).extracting(LimitStatus::remaining).containsExactly(remaining, 90 + remaining);
		}
		Decision rejected = limiter.tryAcquire("c1", List.of(this.perMinute, this.monthly));
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.statuses()).extracting(LimitStatus::conforming).containsExactly(false, true);
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(6));
	}

	/**
	 * {@code SCRIPT FLUSH} between two decisions: the second is still one call of the limiter that succeeds,
	 * the server seeing one {@code EVALSHA} (answered {@code NOSCRIPT}) and one {@code EVAL}; the third is an
	 * {@code EVALSHA} again.
	 */
	private void assertSurvivesScriptFlush(LettuceConnectionFactory factory) {
		RedisTestSupport.flush(factory);
		RedisRateLimiter limiter = new RedisRateLimiter(factory, "apiguard", this.clock);
		assertThat(limiter.tryAcquire("c1", List.of(this.perMinute)).allowed()).isTrue();
		try (RedisConnection connection = factory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		Properties before = RedisTestSupport.commandStats(factory);
		Decision decision = limiter.tryAcquire("c1", List.of(this.perMinute));
		Properties after = RedisTestSupport.commandStats(factory);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.statuses().get(0).remaining()).isEqualTo(8);
		assertThat(delta(before, after, "evalsha")).isOne();
		assertThat(delta(before, after, "eval")).isOne();
		before = after;
		assertThat(limiter.tryAcquire("c1", List.of(this.perMinute)).statuses().get(0).remaining()).isEqualTo(7);
		after = RedisTestSupport.commandStats(factory);
		assertThat(delta(before, after, "evalsha")).isOne();
		assertThat(delta(before, after, "eval")).isZero();
	}

	private static long delta(Properties before, Properties after, String command) {
		return ((Long) after.getOrDefault(command, 0L)) - ((Long) before.getOrDefault(command, 0L));
	}

	private static LettuceConnectionFactory unshared(int port) {
		return factory(port, Duration.ofSeconds(30), false);
	}

	private static LettuceConnectionFactory factory(int port, Duration commandTimeout, boolean share) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(commandTimeout)
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				client);
		factory.setShareNativeConnection(share);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
