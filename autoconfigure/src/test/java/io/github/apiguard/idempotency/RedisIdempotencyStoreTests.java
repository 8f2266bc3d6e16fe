package io.github.apiguard.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite against the Redis store on a real {@code redis-server}, with the test's clock
 * passed to the scripts.
 */
class RedisIdempotencyStoreTests extends AbstractIdempotencyStoreConformanceTests {

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		connectionFactory = IdempotencyRedis.connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new RedisIdempotencyStore(connectionFactory, "test", clock);
	}

	@Test
	void renewalPushesBackTheRedisTtlOfTheHashWithItsLogicalExpiry() {
		RedisIdempotencyStore store = new RedisIdempotencyStore(connectionFactory, "test", this.clock);
		String key = "k-" + UUID.randomUUID();
		store.claim(new IdempotencyClaim(key, "fp", "owner-1", LEASE, LEASE.multipliedBy(2)));
		byte[] hash = store.recordKey(key).getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			// The test's clock moves only the logical deadlines; shorten the hash's own TTL as if most of it had
			// passed in real time, so that Redis would collect the record under its running request.
			connection.keyCommands().pExpire(hash, 1000);
			this.clock.advance(LEASE);
			assertThat(store.renew(key, "owner-1", LEASE)).isTrue();
			assertThat(connection.keyCommands().pTtl(hash)).isGreaterThan(LEASE.toMillis());
		}
	}

}
