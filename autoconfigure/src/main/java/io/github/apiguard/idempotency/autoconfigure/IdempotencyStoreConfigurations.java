package io.github.apiguard.idempotency.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyPurger;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyTransactionListener;

import io.github.apiguard.store.ClockSource;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.JdbcFailures;
import io.github.apiguard.store.RedisFailures;
import io.github.apiguard.store.RedisWarmUp;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.store.autoconfigure.RedisKeyConfiguration;
import io.github.apiguard.store.autoconfigure.RedisKeyProperties;

/**
 * The store configurations, imported in order: JDBC (only when chosen), Redis, the in-memory store as the
 * fallback; each backs off when the application declared its own {@link IdempotencyStore}, and otherwise
 * says what it built in a {@link ConfiguredStore} bean ({@value #CONFIGURED_STORE}): the type that tags the
 * store's meters and, for Redis and JDBC, the circuit breaker in front of it. Kept out of
 * {@link IdempotencyAutoConfiguration} so that they are not member classes, which are parsed in no defined
 * order.
 */
abstract class IdempotencyStoreConfigurations {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyStoreConfigurations.class);

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private static final Duration LONGEST_COMFORTABLE_TIMEOUT = Duration.ofSeconds(5);

	/** The bean that says which store the auto-configuration built; absent for the application's own store. */
	static final String CONFIGURED_STORE = "apiguardIdempotencyConfiguredStore";

	private static ConfiguredStore remote(StoreType type, IdempotencyProperties properties, ObjectProvider<Clock> clock,
			Predicate<Throwable> outage) {
		return new ConfiguredStore(type, properties.outage()
			.circuitBreaker("Idempotency store (" + type.tagValue() + ")", clock.getIfAvailable(Clock::systemUTC),
					outage));
	}

	/**
	 * The JDBC store, only with {@code apiguard.idempotency.store=jdbc}: {@code auto} never picks it, as most
	 * applications have a DataSource they did not mean for idempotency records.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcClient.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnProperty(name = "apiguard.idempotency.store", havingValue = "jdbc")
	@ConditionalOnMissingBean(IdempotencyStore.class)
	@EnableConfigurationProperties(JdbcIdempotencyProperties.class)
	static class JdbcStoreConfiguration {

		@Bean
		JdbcIdempotencyStore apiguardJdbcIdempotencyStore(DataSource dataSource, JdbcIdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			return new JdbcIdempotencyStore(dataSource, properties.tableName(),
					JdbcSchemaConfiguration.dialect(dataSource, properties),
					(properties.time() == ClockSource.SERVER) ? null : clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean(name = CONFIGURED_STORE)
		ConfiguredStore apiguardIdempotencyConfiguredStore(IdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			return remote(StoreType.JDBC, properties, clock, JdbcFailures::isOutage);
		}

	}

	/**
	 * The JDBC store's schema and purge, also for a {@link JdbcIdempotencyStore} the application declared.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcClient.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnProperty(name = "apiguard.idempotency.store", havingValue = "jdbc")
	@EnableConfigurationProperties(JdbcIdempotencyProperties.class)
	static class JdbcSchemaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Conditional(OnJdbcIdempotencyInitializationCondition.class)
		JdbcIdempotencySchemaInitializer apiguardJdbcIdempotencySchemaInitializer(DataSource dataSource,
				JdbcIdempotencyProperties properties) {
			DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
			settings.setSchemaLocations(new PlatformPlaceholderDatabaseDriverResolver()
				.resolveAll(dialect(dataSource, properties).platform(), properties.schema()));
			settings.setMode(properties.initializeSchema());
			return new JdbcIdempotencySchemaInitializer(dataSource, settings, properties.tableName());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(JdbcIdempotencyStore.class)
		@ConditionalOnBooleanProperty(name = "apiguard.idempotency.jdbc.purge.enabled", matchIfMissing = true)
		JdbcIdempotencyPurger apiguardJdbcIdempotencyPurger(JdbcIdempotencyStore store,
				JdbcIdempotencyProperties properties) {
			return new JdbcIdempotencyPurger(store, properties.purge().interval(), properties.purge().batchSize());
		}

		static JdbcIdempotencyStore.Dialect dialect(DataSource dataSource, JdbcIdempotencyProperties properties) {
			if (properties.platform() != null) {
				JdbcIdempotencyStore.Dialect dialect = JdbcIdempotencyStore.Dialect.ofPlatform(properties.platform());
				Assert.state(dialect != null, "Validated by JdbcIdempotencyProperties");
				return dialect;
			}
			try {
				return JdbcIdempotencyStore.Dialect.of(dataSource);
			}
			catch (IllegalStateException ex) {
				throw new IllegalStateException("apiguard.idempotency.store is 'jdbc': " + ex.getMessage()
						+ ". Set apiguard.idempotency.jdbc.platform (postgresql or h2) or choose another store.", ex);
			}
		}

	}

	/**
	 * The listener that watches the application's transactions on idempotent requests' threads — so that a success
	 * answered for a rolled-back transaction is never stored — and, with a {@link JdbcIdempotencyStore} (also one
	 * the application declared), carries out the transactional mode. Spring Boot adds it to the transaction
	 * managers it auto-configures; it adds itself to the others.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcClient.class, TransactionExecutionListener.class })
	static class TransactionListenerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IdempotencyTransactionListener apiguardIdempotencyTransactionListener(ObjectProvider<JdbcIdempotencyStore> store,
				ObjectProvider<PlatformTransactionManager> transactionManagers) {
			return new IdempotencyTransactionListener(store.getIfUnique(), transactionManagers);
		}

	}

	/**
	 * Matches unless {@code apiguard.idempotency.jdbc.initialize-schema=never}; {@code embedded} is decided by
	 * the initializer itself, as Spring Boot's are.
	 */
	static final class OnJdbcIdempotencyInitializationCondition extends OnDatabaseInitializationCondition {

		OnJdbcIdempotencyInitializationCondition() {
			super("apiguard idempotency JDBC", "apiguard.idempotency.jdbc.initialize-schema");
		}

	}

	/**
	 * The Redis store, when {@code apiguard.idempotency.store} is {@code auto} or {@code redis}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(NotMemoryStoreCondition.class)
	@ConditionalOnMissingBean(IdempotencyStore.class)
	@Import(RedisKeyConfiguration.class)
	static class RedisStoreConfiguration {

		@Bean
		RedisIdempotencyStore apiguardRedisIdempotencyStore(RedisConnectionFactory connectionFactory,
				IdempotencyProperties properties, RedisKeyProperties keys, ObjectProvider<Clock> clock) {
			IdempotencyProperties.Redis redis = properties.redis();
			warnAboutLongCommandTimeout(connectionFactory);
			return new RedisIdempotencyStore(connectionFactory, keys.keyPrefix(),
					(redis.time() == ClockSource.SERVER) ? null : clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean(name = CONFIGURED_STORE)
		ConfiguredStore apiguardIdempotencyConfiguredStore(IdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			return remote(StoreType.REDIS, properties, clock, RedisFailures::isOutage);
		}

	}

	/**
	 * Connects to Redis before the node takes traffic, whenever idempotency may use it (also for a store the
	 * application declared).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(NotMemoryStoreCondition.class)
	static class RedisWarmUpConfiguration {

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
	@ConditionalOnMissingBean(IdempotencyStore.class)
	static class MemoryStoreConfiguration {

		@Bean
		InMemoryIdempotencyStore apiguardInMemoryIdempotencyStore(IdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			if (properties.store() == StoreType.REDIS) {
				throw new IllegalStateException("apiguard.idempotency.store is 'redis' but there is no "
						+ "RedisConnectionFactory bean: add spring-boot-starter-data-redis and configure spring.data.redis.*");
			}
			if (properties.store() == StoreType.JDBC) {
				throw new IllegalStateException("apiguard.idempotency.store is 'jdbc' but there is no DataSource bean "
						+ "(or Spring JDBC is missing): add spring-boot-starter-jdbc and configure spring.datasource.*");
			}
			return new InMemoryIdempotencyStore(properties.memory().maxSize().toBytes(),
					properties.memory().maxClaims(), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean(name = CONFIGURED_STORE)
		ConfiguredStore apiguardIdempotencyConfiguredStore() {
			// In this JVM: nothing to be cut off from, so no breaker.
			return new ConfiguredStore(StoreType.MEMORY, null);
		}

	}

	/**
	 * Matches unless {@code apiguard.idempotency.store} is {@code memory} or {@code jdbc}.
	 */
	static final class NotMemoryStoreCondition extends NoneNestedConditions {

		NotMemoryStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "apiguard.idempotency.store", havingValue = "memory")
		static final class MemoryStore {

		}

		@ConditionalOnProperty(name = "apiguard.idempotency.store", havingValue = "jdbc")
		static final class JdbcStore {

		}

	}

}
