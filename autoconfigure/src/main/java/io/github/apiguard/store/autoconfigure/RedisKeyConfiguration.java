package io.github.apiguard.store.autoconfigure;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Imported by the Redis configuration of each guard: binds {@link RedisKeyProperties}, and fails start-up while
 * a guard's own key prefix property, replaced by {@code apiguard.redis.key-prefix}, is still set (ignoring it
 * would move the application's keys where another application's may be).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisKeyProperties.class)
public final class RedisKeyConfiguration {

	static final String RATE_LIMIT_KEY_PREFIX = "apiguard.rate-limit.redis.key-prefix";

	static final String IDEMPOTENCY_KEY_PREFIX = "apiguard.idempotency.redis.key-prefix";

	RedisKeyConfiguration(Environment environment) {
		failIfSet(environment, RATE_LIMIT_KEY_PREFIX, "apiguard:rl");
		failIfSet(environment, IDEMPOTENCY_KEY_PREFIX, "apiguard:idempotency:");
	}

	private static void failIfSet(Environment environment, String removed, String oldDefault) {
		String value = environment.getProperty(removed);
		if (value != null) {
			throw new InvalidConfigurationPropertyValueException(removed, value, "Both guards now share one key "
					+ "prefix: remove " + removed + " and set " + RedisKeyProperties.KEY_PREFIX + " instead, without "
					+ "the feature segment (" + oldDefault + " became " + RedisKeyProperties.KEY_PREFIX
					+ "=apiguard, the default; apiguard adds :rl: and :idempotency: and the hash tag itself).");
		}
	}

}
