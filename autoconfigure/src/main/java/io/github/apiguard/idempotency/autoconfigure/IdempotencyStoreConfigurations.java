package io.github.apiguard.idempotency.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;

import io.github.apiguard.store.ClockSource;
import io.github.apiguard.store.RedisWarmUp;

/**
 * The store configurations, imported in order: Redis first, the in-memory store as the fallback. Kept out of
 * {@link IdempotencyAutoConfiguration} so that they are not member classes, which are parsed in no defined
 * order.
 */
abstract class IdempotencyStoreConfigurations {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyStoreConfigurations.class);

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private static final Duration LONGEST_COMFORTABLE_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * The Redis store, unless {@code apiguard.idempotency.store=memory}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(NotMemoryStoreCondition.class)
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		RedisIdempotencyStore apiguardRedisIdempotencyStore(RedisConnectionFactory connectionFactory,
				IdempotencyProperties properties, ObjectProvider<Clock> clock) {
			IdempotencyProperties.Redis redis = properties.redis();
			warnAboutLongCommandTimeout(connectionFactory);
			return new RedisIdempotencyStore(connectionFactory, redis.keyPrefix(),
					(redis.time() == ClockSource.SERVER) ? null : clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		RedisWarmUp apiguardRedisWarmUp(RedisConnectionFactory connectionFactory) {
			return RedisWarmUp.of(connectionFactory);
		}

	}

	private static void warnAboutLongCommandTimeout(RedisConnectionFactory connectionFactory) {
		if (ClassUtils.isPresent(LETTUCE_FACTORY, IdempotencyStoreConfigurations.class.getClassLoader())) {
			Duration timeout = LettuceTimeout.of(connectionFactory);
			if (timeout != null && timeout.compareTo(LONGEST_COMFORTABLE_TIMEOUT) > 0) {
				logger.warn("Redis commands time out after {}: during a Redis outage every idempotent request waits that "
						+ "long before it is answered 503. Set spring.data.redis.timeout short (e.g. 500ms).", timeout);
			}
		}
	}

	/**
	 * Reads Lettuce's command timeout; a separate class, so Jedis-only applications never load Lettuce types.
	 */
	private static final class LettuceTimeout {

		static @Nullable Duration of(RedisConnectionFactory connectionFactory) {
			return (connectionFactory instanceof LettuceConnectionFactory lettuce)
					? lettuce.getClientConfiguration().getCommandTimeout() : null;
		}

	}

	/**
	 * The in-memory store, when no other store is configured.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	static class MemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		InMemoryIdempotencyStore apiguardInMemoryIdempotencyStore(IdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			if (properties.store() == IdempotencyProperties.StoreType.REDIS) {
				throw new IllegalStateException("apiguard.idempotency.store is 'redis' but there is no "
						+ "RedisConnectionFactory bean: add spring-boot-starter-data-redis and configure spring.data.redis.*");
			}
			return new InMemoryIdempotencyStore(properties.memory().maxSize().toBytes(),
					properties.memory().maxClaims(), clock.getIfAvailable(Clock::systemUTC));
		}

	}

	/**
	 * Matches unless {@code apiguard.idempotency.store=memory}.
	 */
	static final class NotMemoryStoreCondition extends NoneNestedConditions {

		NotMemoryStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "apiguard.idempotency.store", havingValue = "memory")
		static final class MemoryStore {

		}

	}

}
