package io.github.apiguard.idempotency;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.support.RedisServerSupport;

/**
 * Connections to the shared test {@code redis-server}.
 */
public final class IdempotencyRedis {

	private IdempotencyRedis() {
	}

	/**
	 * A started connection factory for the shared server, with a command timeout only an outage reaches (the
	 * store tests compare exact answers; a loaded machine must never turn one into a timeout).
	 * @return the factory; the caller destroys it
	 */
	public static LettuceConnectionFactory connectionFactory() {
		RedisServerSupport server = RedisServerSupport.shared();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(30)).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
