package io.github.apiguard.openapi.autoconfigure;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.autoconfigure.ErrorCatalogAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsProperties;
import io.github.apiguard.errors.catalog.RegisteredErrorCodes;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.idempotency.web.IdempotentEndpoints;
import io.github.apiguard.openapi.ApiguardOpenApiCustomizer;
import io.github.apiguard.openapi.ApiguardOperationCustomizer;
import io.github.apiguard.openapi.ErrorResponses;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitProperties;
import io.github.apiguard.ratelimit.web.RateLimitHeaders;
import io.github.apiguard.ratelimit.web.RateLimitInterceptor;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.StoreType;

/**
 * Auto-configuration of apiguard's springdoc-openapi integration: with springdoc on the class path, the
 * configured envelope becomes a schema component and each operation documents the errors apiguard can
 * answer it with.
 */
@AutoConfiguration(after = { ErrorsAutoConfiguration.class, ErrorCatalogAutoConfiguration.class,
		IdempotencyAutoConfiguration.class,
		RateLimitAutoConfiguration.class })
@ConditionalOnClass({ OpenApiCustomizer.class, OperationCustomizer.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.openapi.enabled", matchIfMissing = true)
@ConditionalOnBean({ ErrorCatalog.class, ErrorEnvelope.class })
@EnableConfigurationProperties(OpenApiProperties.class)
public final class OpenApiAutoConfiguration {

	/** The rate-limit auto-configuration's {@link ConfiguredStore}: what {@code store: auto} resolved to. */
	private static final String RATE_LIMIT_STORE = "apiguardRateLimitConfiguredStore";

	@Bean
	@ConditionalOnMissingBean
	ErrorResponses apiguardErrorResponses(ErrorCatalog catalog, ErrorEnvelope envelope,
			ObjectProvider<JsonMapper> jsonMapper, OpenApiProperties properties,
			ObjectProvider<ErrorsProperties> errors, ObjectProvider<RegisteredErrorCodes> registeredCodes,
			ObjectProvider<RateLimitProperties> rateLimits) {
		ErrorsProperties errorsProperties = errors.getIfUnique();
		RateLimitProperties rateLimitProperties = rateLimits.getIfUnique();
		RateLimitHeaders headers = (rateLimitProperties != null)
				? new RateLimitHeaders(rateLimitProperties.headers().legacy(), rateLimitProperties.headers().reset(),
						rateLimitProperties.headers().ietf(), rateLimitProperties.headers().rejectionsOnly())
				: RateLimitHeaders.defaults();
		return new ErrorResponses(catalog, envelope, jsonMapper.getIfAvailable(JsonMapper::shared),
				properties.schemaName(), errorsProperties != null && errorsProperties.forbiddenAsNotFound(),
				registeredCodes.getIfUnique(), headers);
	}

	private static boolean denyOnOutage(ObjectProvider<RateLimitProperties> rateLimits,
			@Nullable ConfiguredStore configured) {
		RateLimitProperties properties = rateLimits.getIfUnique();
		if (properties == null || properties.outage().effectivePolicy() != OutagePolicy.DENY) {
			return false;
		}
		// Only a limiter backed by Redis has outages: ask what the store resolved to (auto picks memory without
		// Redis, which always answers). An application's own limiter may throw RateLimiterUnavailableException.
		return (configured != null) ? configured.type() == StoreType.REDIS : properties.store() != StoreType.MEMORY;
	}

	@Bean
	@ConditionalOnMissingBean
	ApiguardOperationCustomizer apiguardOperationCustomizer(ErrorResponses responses,
			ObjectProvider<IdempotencyPolicy> idempotency, ObjectProvider<IdempotentEndpoints> idempotentEndpoints,
			ObjectProvider<RateLimitInterceptor> rateLimits, ObjectProvider<RateLimitProperties> rateLimitProperties,
			@Qualifier(RATE_LIMIT_STORE) ObjectProvider<ConfiguredStore> rateLimitStore) {
		RateLimitInterceptor interceptor = rateLimits.getIfUnique();
		// The interceptor's own endpoints: the document says what it charges.
		return new ApiguardOperationCustomizer(responses, idempotency.getIfUnique(), idempotentEndpoints.getIfUnique(),
				(interceptor != null) ? interceptor.endpoints() : null,
				denyOnOutage(rateLimitProperties, rateLimitStore.getIfAvailable()));
	}

	@Bean
	@ConditionalOnMissingBean
	ApiguardOpenApiCustomizer apiguardOpenApiCustomizer(ErrorResponses responses, OpenApiProperties properties) {
		return new ApiguardOpenApiCustomizer(responses, properties.securedPaths());
	}

}
