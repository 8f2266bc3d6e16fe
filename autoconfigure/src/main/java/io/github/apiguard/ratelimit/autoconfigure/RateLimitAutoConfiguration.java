package io.github.apiguard.ratelimit.autoconfigure;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.errors.catalog.ErrorCodeContributor;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.OutagePolicy;
import io.github.apiguard.ratelimit.web.RateLimitHeaders;
import io.github.apiguard.ratelimit.web.RateLimitInterceptor;
import io.github.apiguard.ratelimit.RateLimitErrorCode;
import io.github.apiguard.ratelimit.RateLimitListener;
import io.github.apiguard.ratelimit.web.RateLimitedEndpoints;
import io.github.apiguard.ratelimit.RateLimitPolicy;
import io.github.apiguard.ratelimit.RateLimitTierResolver;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;
import io.github.apiguard.ratelimit.RuleBasedTierResolver;

import io.github.apiguard.store.ClockSource;
import io.github.apiguard.store.RedisWarmUp;
import io.github.apiguard.store.autoconfigure.RedisKeyConfiguration;
import io.github.apiguard.store.autoconfigure.RedisKeyProperties;

/**
 * Auto-configuration of rate limits and quotas: a {@link RateLimitInterceptor} at order
 * {@link ApiguardOrder#RATE_LIMIT_INTERCEPTOR} (behind idempotency's, so replays are free), a {@link RateLimitTierResolver}
 * from the tier rules, and a {@link RateLimiter} in memory or, with {@code apiguard.rate-limit.store=redis},
 * in Redis behind a circuit breaker and the configured outage policy.
 */
@AutoConfiguration(after = { ErrorsAutoConfiguration.class, ClientAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Servlet.class, DispatcherServlet.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "apiguard.rate-limit.enabled", matchIfMissing = true)
@ConditionalOnBean({ ApiErrorRenderer.class, ClientKeyResolver.class })
@EnableConfigurationProperties(RateLimitProperties.class)
public final class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "apiguardRateLimitErrorCodes")
	ErrorCodeContributor apiguardRateLimitErrorCodes() {
		// The quota's code joins the catalogue (spelling, remapping, errorcodes endpoint, OpenAPI) from here.
		return ErrorCodeContributor.of(RateLimitErrorCode.class);
	}

	@Bean
	@ConditionalOnMissingBean(RateLimitTierResolver.class)
	RuleBasedTierResolver apiguardRateLimitTierResolver(RateLimitProperties properties) {
		List<RuleBasedTierResolver.Rule> rules = properties.tiers()
			.stream()
			.map((rule) -> new RuleBasedTierResolver.Rule(rule.name(), rule.apiKeyPrefixes(), rule.authorities()))
			.toList();
		return new RuleBasedTierResolver(rules, properties.defaultTier());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitedEndpoints apiguardRateLimitedEndpoints(RateLimitProperties properties,
			ObjectProvider<RequestMappingHandlerMapping> mappings) {
		return new RateLimitedEndpoints(policies(properties), properties.defaultTier(), mappings);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitInterceptor apiguardRateLimitInterceptor(RateLimitProperties properties, RateLimitedEndpoints endpoints,
			ClientKeyResolver clientKeys, RateLimitTierResolver tiers, RateLimiter limiter, ApiErrorRenderer renderer,
			ObjectProvider<Clock> clock, ObjectProvider<RateLimitListener> listeners) {
		RateLimitProperties.Headers headers = properties.headers();
		return new RateLimitInterceptor(endpoints, clientKeys, tiers, limiter, renderer,
				new RateLimitHeaders(headers.legacy(), headers.reset(), headers.ietf(), headers.rejectionsOnly()),
				properties.details(), clock.getIfAvailable(Clock::systemUTC),
				RateLimitListener.of(listeners.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "apiguardRateLimitWebMvcConfigurer")
	WebMvcConfigurer apiguardRateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).order(ApiguardOrder.RATE_LIMIT_INTERCEPTOR);
			}

		};
	}

	static Map<String, RateLimitPolicy> policies(RateLimitProperties properties) {
		Map<String, RateLimitPolicy> policies = new LinkedHashMap<>();
		properties.policies().forEach((name, policy) -> {
			Map<String, List<Limit>> limits = new LinkedHashMap<>();
			policy.limits().forEach((tier, tierLimits) -> {
				List<Limit> converted = new ArrayList<>();
				for (RateLimitProperties.LimitProperties limit : tierLimits) {
					converted.add(limit(name, tier, limit, properties.zone()));
				}
				limits.put(tier, converted);
			});
			policies.put(name, new RateLimitPolicy(name, policy.paths(), policy.cost(), limits));
		});
		return policies;
	}

	private static Limit limit(String policy, String tier, RateLimitProperties.LimitProperties limit, ZoneId zone) {
		// RateLimitProperties validated every value while binding; this only guards the conversion.
		String where = "apiguard.rate-limit.policies." + policy + ".limits." + tier + " '" + limit.name() + "'";
		try {
			return new Limit(limit.name(), limit.limit(), limit.period(), limit.calendar(),
					(limit.burst() != null) ? limit.burst() : limit.limit(), (limit.zone() != null) ? limit.zone() : zone,
					limit.code(), limit.status(), limit.message());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage(), ex);
		}
	}

	static InMemoryRateLimiter inMemory(RateLimitProperties properties, Clock clock) {
		return new InMemoryRateLimiter(properties.memory().maxClients(), properties.memory().idleTimeout(), clock);
	}

	/**
	 * The in-memory backend.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "apiguard.rate-limit.store", havingValue = "memory", matchIfMissing = true)
	static class MemoryBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		InMemoryRateLimiter apiguardRateLimiter(RateLimitProperties properties, ObjectProvider<Clock> clock) {
			return inMemory(properties, clock.getIfAvailable(Clock::systemUTC));
		}

	}

	/**
	 * The Redis backend, on the application's {@link RedisConnectionFactory}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, StringRedisTemplate.class })
	@ConditionalOnProperty(name = "apiguard.rate-limit.store", havingValue = "redis")
	@Import(RedisKeyConfiguration.class)
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		FailoverRateLimiter apiguardRateLimiter(RateLimitProperties properties, RedisKeyProperties keys,
				ObjectProvider<RedisConnectionFactory> connectionFactory, ObjectProvider<Clock> clock,
				ObjectProvider<RateLimitListener> listeners) {
			RedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new IllegalStateException(
						"apiguard.rate-limit.store=redis needs a RedisConnectionFactory (spring.data.redis.*)");
			}
			Clock applicationClock = clock.getIfAvailable(Clock::systemUTC);
			RateLimitProperties.Redis redis = properties.redis();
			RedisRateLimiter primary = new RedisRateLimiter(new StringRedisTemplate(factory), keys.keyPrefix(),
					(redis.time() == ClockSource.APPLICATION) ? applicationClock : null);
			return new FailoverRateLimiter(primary, redis.onOutage(),
					(redis.onOutage() == OutagePolicy.LOCAL) ? inMemory(properties, applicationClock) : null,
					redis.failureThreshold(), redis.openDuration(), applicationClock,
					RateLimitListener.of(listeners.orderedStream().toList()));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RedisConnectionFactory.class)
		RedisWarmUp apiguardRedisWarmUp(RedisConnectionFactory connectionFactory) {
			return RedisWarmUp.of(connectionFactory);
		}

	}

	/**
	 * Fails fast when the Redis backend is asked for without Spring Data Redis on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.core.StringRedisTemplate")
	@ConditionalOnProperty(name = "apiguard.rate-limit.store", havingValue = "redis")
	static class MissingRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		RateLimiter apiguardRateLimiter() {
			throw new IllegalStateException(
					"apiguard.rate-limit.store=redis needs spring-boot-starter-data-redis on the class path");
		}

	}

}
