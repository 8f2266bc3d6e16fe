package io.github.apiguard.store.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.github.apiguard.store.RedisKeyPrefix;

/**
 * How apiguard names its Redis keys, for both guards: one prefix, because it is the application's namespace in
 * a Redis it may share with others, not a choice of either guard.
 *
 * @param keyPrefix The root of every Redis key apiguard writes, without a trailing colon and without braces; apiguard adds the feature and the Redis Cluster hash tag: prefix:rl:{client}:policy:limit:definition and prefix:idempotency:{record}.
 */
@ConfigurationProperties("apiguard.redis")
public record RedisKeyProperties(@DefaultValue(RedisKeyPrefix.DEFAULT) String keyPrefix) {

	static final String KEY_PREFIX = "apiguard.redis.key-prefix";

	public RedisKeyProperties {
		String problem = RedisKeyPrefix.problem(keyPrefix);
		if (problem != null) {
			throw new InvalidConfigurationPropertyValueException(KEY_PREFIX, keyPrefix,
					"The key prefix is invalid: " + problem);
		}
	}

}
