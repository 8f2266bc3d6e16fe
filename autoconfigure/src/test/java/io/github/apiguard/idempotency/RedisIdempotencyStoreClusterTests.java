package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.RedisClusterSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite, "never two executions at once" included, against the Redis store on a real Redis
 * Cluster of three masters.
 */
class RedisIdempotencyStoreClusterTests extends AbstractIdempotencyStoreConformanceTests {

	private static final String PREFIX = "idempotency-cluster-" + UUID.randomUUID();

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisClusterSupport.shared().connectionFactory(Duration.ofSeconds(30));
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new RedisIdempotencyStore(connectionFactory, PREFIX, clock);
	}

	@Test
	void recordsAreShardedOverEveryMaster() {
		String prefix = PREFIX + "-sharded";
		RedisIdempotencyStore store = new RedisIdempotencyStore(connectionFactory, prefix, this.clock);
		for (int i = 0; i < 60; i++) {
			String key = "key-" + i;
			assertThat(store.claim(new IdempotencyClaim(key, "fp", "owner", LEASE, TTL)).outcome())
				.isEqualTo(ClaimResult.Outcome.CLAIMED);
		}
		Map<Integer, Long> records = RedisClusterSupport.shared().keysPerMaster(prefix + ":idempotency:*");
		assertThat(records.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
		assertThat(records.values()).as("records per master").allSatisfy((count) -> assertThat(count).isPositive());
	}

}
