package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.util.Properties;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.support.RedisServerSupport;

/**
 * Connections to the shared test {@code redis-server}, configured as production should be for rate
 * limits: a short command timeout, commands rejected at once while disconnected, quick reconnects.
 */
public final class RedisTestSupport {

	private static final ClientResources RESOURCES = ClientResources.builder()
		.reconnectDelay(Delay.constant(Duration.ofMillis(20)))
		.build();

	private RedisTestSupport() {
	}

	public static LettuceConnectionFactory connectionFactory() {
		return connectionFactory(Duration.ofSeconds(2));
	}

	/**
	 * Connections whose commands time out only after {@code commandTimeout}: tests that compare exact answers
	 * give it generously, so that only a real outage, never a busy machine, reaches it.
	 */
	public static LettuceConnectionFactory connectionFactory(Duration commandTimeout) {
		RedisServerSupport redis = RedisServerSupport.shared();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(commandTimeout)
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.clientResources(RESOURCES)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	public static void flush(LettuceConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			connection.serverCommands().flushAll();
		}
	}

	/**
	 * Calls per command from {@code INFO commandstats}, e.g. {@code evalsha -> 100}.
	 */
	public static Properties commandStats(LettuceConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			Properties stats = connection.serverCommands().info("commandstats");
			Properties calls = new Properties();
			stats.forEach((key, value) -> {
				String name = key.toString();
				if (name.startsWith("cmdstat_")) {
					String text = value.toString();
					int start = text.indexOf("calls=") + 6;
					int end = text.indexOf(',', start);
					calls.put(name.substring(8), Long.valueOf(text.substring(start, (end > 0) ? end : text.length())));
				}
			});
			return calls;
		}
	}

}
