package io.github.apiguard.idempotency.autoconfigure;

import java.util.Set;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.client.DefaultClientKeyResolver;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.store.CircuitBreakingIdempotencyStore;
import io.github.apiguard.idempotency.store.TimedIdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyFilter;
import io.github.apiguard.idempotency.web.IdempotencyInterceptor;
import io.github.apiguard.idempotency.web.IdempotencyLeaseRenewer;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.idempotency.web.IdempotentEndpoints;
import io.github.apiguard.requestid.autoconfigure.RequestIdProperties;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.OutagePolicy;

/**
 * The filter, the interceptor and the endpoints (with the startup check of annotated handlers), once a store exists. Imported after
 * the store configurations.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean({ IdempotencyStore.class, ApiErrorRenderer.class, ClientKeyResolver.class })
class IdempotencyWebConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyWebConfiguration.class);

	private static final String TRANSACTIONAL_PROPERTY = "apiguard.idempotency.jdbc.transactional";

	@Bean
	@ConditionalOnMissingBean
	IdempotencyPolicy apiguardIdempotencyPolicy(IdempotencyProperties properties, Environment environment) {
		// Read here rather than from JdbcIdempotencyProperties, which is bound only with the JDBC store: set with
		// another store, the property must still be seen, to fail startup instead of promising nothing.
		boolean transactional = Binder.get(environment)
			.bind(TRANSACTIONAL_PROPERTY, Boolean.class)
			.orElse(false);
		return new IdempotencyPolicy(properties.header(), Set.copyOf(properties.methods()),
				properties.requireKey(), properties.ttl(), properties.lease(), properties.maxRequestSize().toBytes(),
				properties.maxResponseSize().toBytes(), properties.replayHeaders(), properties.storeServerErrors(),
				properties.outage().effectivePolicy() == OutagePolicy.ALLOW, properties.outage().retryAfter(),
				transactional);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyLeaseRenewer apiguardIdempotencyLeaseRenewer(IdempotencyStore store, IdempotencyPolicy policy,
			@Qualifier(IdempotencyStoreConfigurations.CONFIGURED_STORE) ObjectProvider<ConfiguredStore> configured,
			ObjectProvider<IdempotencyListener> listeners) {
		return new IdempotencyLeaseRenewer(decorated(store, configured, listeners), policy.lease());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyInterceptor apiguardIdempotencyInterceptor(IdempotentEndpoints endpoints, IdempotencyPolicy policy,
			IdempotencyStore store, ClientKeyResolver clients, ApiErrorRenderer renderer,
			IdempotencyLeaseRenewer leases,
			@Qualifier(IdempotencyStoreConfigurations.CONFIGURED_STORE) ObjectProvider<ConfiguredStore> configured,
			ObjectProvider<IdempotencyListener> listeners) {
		if (clients instanceof DefaultClientKeyResolver
				&& !ClassUtils.isPresent("org.springframework.security.core.Authentication", null)) {
			logger.warn("Idempotency is on but Spring Security is absent: unless the container authenticates "
					+ "requests, Idempotency-Keys are scoped by client address only, and clients behind one address "
					+ "could receive each other's responses. Declare a ClientKeyResolver bean to tell clients apart.");
		}
		return new IdempotencyInterceptor(endpoints, policy, decorated(store, configured, listeners), clients, renderer, leases,
				IdempotencyListener.of(listeners.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "apiguardIdempotencyFilter")
	FilterRegistrationBean<IdempotencyFilter> apiguardIdempotencyFilter(IdempotencyPolicy policy,
			IdempotencyStore store, RequestIdProperties requestId, IdempotencyLeaseRenewer leases,
			@Qualifier(IdempotencyStoreConfigurations.CONFIGURED_STORE) ObjectProvider<ConfiguredStore> configured,
			ObjectProvider<IdempotencyListener> listeners) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(policy, decorated(store, configured, listeners), requestId.header(), leases,
						IdempotencyListener.of(listeners.orderedStream().toList())));
		registration.setOrder(ApiguardOrder.IDEMPOTENCY_FILTER);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "apiguardIdempotencyWebMvcConfigurer")
	IdempotencyWebMvcConfigurer apiguardIdempotencyWebMvcConfigurer(IdempotencyInterceptor interceptor) {
		return new IdempotencyWebMvcConfigurer(interceptor);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotentEndpoints apiguardIdempotentEndpoints(ObjectProvider<RequestMappingHandlerMapping> mappings,
			IdempotencyPolicy policy, IdempotencyStore store) {
		return new IdempotentEndpoints(mappings, policy, store.supportsTransactionalClaims());
	}

	/**
	 * The store as the filter, the interceptor and the lease renewer call it: behind the circuit breaker of the
	 * store the auto-configuration built, if remote, and timed for the listeners, if any — so that without a
	 * listener no call reads the clock for them. Each caller gets decorators of its own around the one breaker.
	 */
	private static IdempotencyStore decorated(IdempotencyStore store, ObjectProvider<ConfiguredStore> configured,
			ObjectProvider<IdempotencyListener> listeners) {
		IdempotencyStore decorated = store;
		ConfiguredStore built = configured.getIfAvailable();
		if (built != null && built.breaker() != null) {
			decorated = new CircuitBreakingIdempotencyStore(decorated, built.breaker());
		}
		IdempotencyListener listener = IdempotencyListener.of(listeners.orderedStream().toList());
		return (listener != IdempotencyListener.NONE) ? new TimedIdempotencyStore(decorated, listener) : decorated;
	}

/**
 * Registers the interceptor at its order, ahead of the rate limiter's.
 */
static final class IdempotencyWebMvcConfigurer implements WebMvcConfigurer {

	private final IdempotencyInterceptor interceptor;

	IdempotencyWebMvcConfigurer(IdempotencyInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.interceptor).order(ApiguardOrder.IDEMPOTENCY_INTERCEPTOR);
		registry.addInterceptor(this.interceptor.handlerReached())
			.order(ApiguardOrder.IDEMPOTENCY_HANDLER_REACHED_INTERCEPTOR);
	}

}

}
