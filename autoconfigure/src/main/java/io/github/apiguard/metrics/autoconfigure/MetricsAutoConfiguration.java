package io.github.apiguard.metrics.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import jakarta.servlet.Servlet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.github.apiguard.metrics.ApiguardMeters;
import io.github.apiguard.metrics.ErrorMetrics;
import io.github.apiguard.metrics.IdempotencyMetrics;
import io.github.apiguard.metrics.ObservationErrorMarker;
import io.github.apiguard.metrics.RateLimitMetrics;
import io.github.apiguard.store.ConfiguredStore;

/**
 * Auto-configuration of apiguard's Micrometer integration: with a {@link MeterRegistry} bean, listeners that
 * count errors, rate-limit decisions and idempotency outcomes and time store operations (see
 * {@link ApiguardMeters}); with Micrometer's observation API, a listener that marks the observation of a
 * request answered with a handled 5xx. Without Micrometer, apiguard's features tell no-one.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Servlet.class)
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MetricsProperties.class)
public final class MetricsAutoConfiguration {

	/**
	 * The meters, when the application has a {@link MeterRegistry}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ErrorMetrics apiguardErrorMetrics(MeterRegistry registry) {
			return new ErrorMetrics(registry);
		}

		// The store tag is the type the auto-configuration built, asked for lazily: the stores are built with the
		// listeners. Without one (the application's own store) it is "custom".

		@Bean
		@ConditionalOnMissingBean
		IdempotencyMetrics apiguardIdempotencyMetrics(MeterRegistry registry,
				@Qualifier("apiguardIdempotencyConfiguredStore") ObjectProvider<ConfiguredStore> store) {
			return new IdempotencyMetrics(registry, () -> ConfiguredStore.tag(store.getIfAvailable()));
		}

		@Bean
		@ConditionalOnMissingBean
		RateLimitMetrics apiguardRateLimitMetrics(MeterRegistry registry,
				@Qualifier("apiguardRateLimitConfiguredStore") ObjectProvider<ConfiguredStore> store) {
			return new RateLimitMetrics(registry, () -> ConfiguredStore.tag(store.getIfAvailable()));
		}

	}

	/**
	 * Marks observations of handled 5xx, with Micrometer's observation API.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Observation.class, ServerHttpObservationFilter.class })
	@ConditionalOnBooleanProperty(name = "apiguard.metrics.mark-handled-errors", matchIfMissing = true)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservationErrorMarker apiguardObservationErrorMarker() {
			return new ObservationErrorMarker();
		}

	}

}
