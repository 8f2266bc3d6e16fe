package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.support.RedisClusterSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limiter's contract, its exactness under concurrency included, on a real Redis Cluster of three
 * masters: every decision's keys are in one slot, so no script fails with {@code CROSSSLOT}, and Lettuce routes
 * each to the master of its client's slot.
 */
class RedisRateLimiterClusterTests extends AbstractRateLimiterTests {

	private final RedisClusterSupport cluster = RedisClusterSupport.shared();

	/** Each test keys apart: the cluster is shared, never flushed. */
	private final String prefix = "rl-cluster-" + UUID.randomUUID();

	private LettuceConnectionFactory factory;

	private RedisRateLimiter limiter;

	@BeforeEach
	void connect() {
		// Exact answers: a command timeout only an outage reaches, never a busy machine.
		this.factory = this.cluster.connectionFactory(Duration.ofSeconds(30));
		this.limiter = new RedisRateLimiter(new StringRedisTemplate(this.factory), this.prefix, this.clock);
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
	void manyClientsSeveralLimitsEachAreShardedOverEveryMaster() {
		List<Charge> charges = List.of(rate("per-minute", 10, Duration.ofMinutes(1), 10, 1),
				quota("monthly", 100, CalendarPeriod.MONTH, UTC, 1), quota("daily", 50, CalendarPeriod.DAY, UTC, 1));
		for (int i = 0; i < 60; i++) {
			assertThat(this.limiter.tryAcquire("client-" + i, charges).allowed()).isTrue();
		}
		Map<Integer, Long> keys = this.cluster.keysPerMaster(this.prefix + ":rl:*");
		assertThat(keys.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60L * charges.size());
		assertThat(keys.values()).as("keys per master").allSatisfy((count) -> assertThat(count).isPositive());
		// And a client's keys are together on the master of its slot.
		assertThat(this.cluster.keysPerMaster(this.prefix + ":rl:{client-7}:*"))
			.containsEntry(this.cluster.masterOf("client-7"), 3L);
	}

}
