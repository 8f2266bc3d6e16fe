package io.github.apiguard.idempotency;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.support.MutableClock;

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
		return new RedisIdempotencyStore(connectionFactory, "test:idempotency:", clock);
	}

}
