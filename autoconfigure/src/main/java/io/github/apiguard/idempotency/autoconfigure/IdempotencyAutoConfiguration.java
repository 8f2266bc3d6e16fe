package io.github.apiguard.idempotency.autoconfigure;

import jakarta.servlet.Servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.web.servlet.DispatcherServlet;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.catalog.ErrorCodeContributor;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyFilter;
import io.github.apiguard.idempotency.web.IdempotencyInterceptor;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;
import io.github.apiguard.requestid.autoconfigure.RequestIdProperties;

/**
 * Auto-configuration of Idempotency-Key handling: a store (Redis when the application has a
 * {@link RedisConnectionFactory}, otherwise in memory; the application's DataSource with
 * {@code apiguard.idempotency.store=jdbc}; or the application's own {@link IdempotencyStore} bean), the {@link IdempotencyFilter} that hashes bodies and captures responses,
 * and the {@link IdempotencyInterceptor} (order {@link ApiguardOrder#IDEMPOTENCY_INTERCEPTOR}, before the rate
 * limiter) that claims keys and replays responses. Needs apiguard's error renderer. The Redis and JDBC stores
 * are called through a circuit breaker ({@code apiguard.idempotency.outage.*}). Start-up fails while a removed
 * outage property is set, naming its replacement.
 */
@AutoConfiguration(after = { ErrorsAutoConfiguration.class, ClientAutoConfiguration.class,
		RequestIdAutoConfiguration.class },
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Servlet.class, DispatcherServlet.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ IdempotencyProperties.class, RequestIdProperties.class })
@Import({ IdempotencyStoreConfigurations.JdbcStoreConfiguration.class,
		IdempotencyStoreConfigurations.JdbcSchemaConfiguration.class,
		IdempotencyStoreConfigurations.RedisStoreConfiguration.class,
		IdempotencyStoreConfigurations.RedisWarmUpConfiguration.class,
		IdempotencyStoreConfigurations.MemoryStoreConfiguration.class,
		IdempotencyStoreConfigurations.TransactionListenerConfiguration.class, IdempotencyWebConfiguration.class })
public final class IdempotencyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "apiguardIdempotencyErrorCodes")
	ErrorCodeContributor apiguardIdempotencyErrorCodes() {
		// Idempotency's codes join the catalogue (spelling, remapping, errorcodes endpoint, OpenAPI) from here.
		return ErrorCodeContributor.of(IdempotencyErrorCode.class);
	}

	IdempotencyAutoConfiguration(Environment environment) {
		RemovedIdempotencyProperties.check(environment);
	}

}
