package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.RedisTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRateLimiterTests extends AbstractRateLimiterTests {

	private LettuceConnectionFactory factory;

	private RedisRateLimiter limiter;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connectionFactory();
		RedisTestSupport.flush(this.factory);
		this.limiter = new RedisRateLimiter(new StringRedisTemplate(this.factory), "apiguard", this.clock);
	}

	@AfterEach
	void disconnect() {
		this.factory.destroy();
	}

	@Override
	RateLimiter limiter() {
		return this.limiter;
	}

	@Test
	void keysOfOneClientShareAHashSlotAndExpire() {
		charge("c1", rate("per-minute", 10, Duration.ofMinutes(1), 10, 1),
				quota("monthly", 10, CalendarPeriod.MONTH, UTC, 1));
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		// The last part is the definition: a rate of one unit per 6 s (6,000,000 µs in base 36), a monthly
		// quota in the zone Z (the hash of its id in base 36).
		assertThat(redis.keys("*")).containsExactlyInAnyOrder("apiguard:rl:{c1}:api:per-minute:r3klmo",
				"apiguard:rl:{c1}:api:monthly:m2i");
		// The rate's state lasts 6 s, plus the minute a key outlives its state on the application's time.
		assertThat(redis.getExpire("apiguard:rl:{c1}:api:per-minute:r3klmo")).isBetween(60L, 67L);
		assertThat(redis.getExpire("apiguard:rl:{c1}:api:monthly:m2i")).isPositive();
	}

	@Test
	void theServerClockDecidesByDefault() {
		RedisRateLimiter serverTime = new RedisRateLimiter(new StringRedisTemplate(this.factory), "apiguard", null);
		Charge perHour = rate("per-hour", 2, Duration.ofHours(1), 2, 1);
		assertThat(serverTime.tryAcquire("c1", List.of(perHour)).allowed()).isTrue();
		assertThat(serverTime.tryAcquire("c1", List.of(perHour)).allowed()).isTrue();
		Decision rejected = serverTime.tryAcquire("c1", List.of(perHour));
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.retryAfter()).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
	}

	@Test
	void everyDecisionIsOneRoundTrip() {
		Charge perMinute = rate("per-minute", 1000, Duration.ofMinutes(1), 1000, 1);
		Charge monthly = quota("monthly", 100_000, CalendarPeriod.MONTH, UTC, 1);
		RedisRateLimiter serverTime = new RedisRateLimiter(new StringRedisTemplate(this.factory), "apiguard", null);
		measure("admitted, application clock", this.limiter, perMinute, monthly);
		measure("admitted, server TIME", serverTime, perMinute, monthly);
		Charge exhausted = quota("exhausted", 1, CalendarPeriod.MONTH, UTC, 1);
		for (int i = 0; i < 10; i++) {
			this.limiter.tryAcquire("c" + i, List.of(exhausted));
		}
		measure("rejected, application clock", this.limiter, perMinute, exhausted);
	}

	/**
	 * Runs 200 decisions over 10 clients and prints the {@code INFO commandstats} deltas: the round trips
	 * (EVALSHA) and the commands the script runs inside Redis.
	 */
	private void measure(String label, RateLimiter limiter, Charge... charges) {
		limiter.tryAcquire("warm-up", List.of(charges));
		Properties before = RedisTestSupport.commandStats(this.factory);
		int decisions = 200;
		for (int i = 0; i < decisions; i++) {
			limiter.tryAcquire("c" + (i % 10), List.of(charges));
		}
		Properties after = RedisTestSupport.commandStats(this.factory);
		long evalsha = delta(before, after, "evalsha");
		long eval = delta(before, after, "eval");
		StringBuilder perCommand = new StringBuilder();
		for (String command : new TreeSet<>(after.keySet().stream().map(Object::toString).toList())) {
			long delta = delta(before, after, command);
			if (delta != 0 && !command.equals("info")) {
				perCommand.append(' ').append(command).append('=').append(String.format(Locale.ROOT, "%.2f",
						(double) delta / decisions));
			}
		}
		System.out.printf(Locale.ROOT, "Redis per decision (%d limits, %s): round trips %.2f; commands%s%n",
				charges.length, label, (double) (evalsha + eval) / decisions, perCommand);
		assertThat(evalsha).isEqualTo(decisions);
		assertThat(eval).isZero();
	}

	private static long delta(Properties before, Properties after, String command) {
		return ((Long) after.getOrDefault(command, 0L)) - ((Long) before.getOrDefault(command, 0L));
	}

}
