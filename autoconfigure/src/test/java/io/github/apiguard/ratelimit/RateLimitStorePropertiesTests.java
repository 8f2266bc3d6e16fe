package io.github.apiguard.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitProperties;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits' store and outage properties, in the shape idempotency shares: {@code apiguard.rate-limit.store}
 * (memory by default, also when Redis is there; auto chooses Redis when there is a connection factory) and
 * {@code apiguard.rate-limit.outage.*}; jdbc and the removed names fail start-up naming what to set instead.
 */
class RateLimitStorePropertiesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, ClientAutoConfiguration.class,
					RateLimitAutoConfiguration.class));

	private WebApplicationContextRunner withRedis() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=" + RedisServerSupport.shared().port());
	}

	@Test
	void limitsInMemoryByDefaultEvenWhenTheApplicationHasRedis() {
		withRedis().run((context) -> {
			assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
			assertThat(context).doesNotHaveBean(FailoverRateLimiter.class);
			RateLimitProperties properties = context.getBean(RateLimitProperties.class);
			assertThat(properties.store()).isEqualTo(StoreType.MEMORY);
			assertThat(properties.outage().policy()).isEqualTo(OutagePolicy.LOCAL);
			assertThat(properties.outage().retryAfter()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.outage().failureThreshold()).isEqualTo(1);
			assertThat(properties.outage().openDuration()).isEqualTo(Duration.ofSeconds(5));
			assertThat(context.getBean("apiguardRateLimitConfiguredStore", ConfiguredStore.class).type())
				.isEqualTo(StoreType.MEMORY);
		});
	}

	@Test
	void autoLimitsInRedisBehindTheBreakerWhenTheApplicationHasAConnectionFactory() {
		withRedis().withPropertyValues("apiguard.rate-limit.store=auto",
				"apiguard.rate-limit.outage.failure-threshold=4")
			.run((context) -> {
				assertThat(context).hasSingleBean(FailoverRateLimiter.class);
				assertThat(context).doesNotHaveBean(InMemoryRateLimiter.class);
				ConfiguredStore store = context.getBean("apiguardRateLimitConfiguredStore", ConfiguredStore.class);
				assertThat(store.type()).isEqualTo(StoreType.REDIS);
				assertThat(context.getBean(FailoverRateLimiter.class).breaker()).isSameAs(store.breaker());
			});
	}

	@Test
	void autoLimitsInMemoryWithoutAConnectionFactory() {
		this.runner.withPropertyValues("apiguard.rate-limit.store=auto").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
			assertThat(context.getBean("apiguardRateLimitConfiguredStore", ConfiguredStore.class).type())
				.isEqualTo(StoreType.MEMORY);
		});
	}

	@Test
	void autoLimitsInMemoryWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, StringRedisTemplate.class))
			.withPropertyValues("apiguard.rate-limit.store=auto")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryRateLimiter.class));
	}

	@Test
	void jdbcFailsStartupNamingThePropertyAndWhatToUseInstead() {
		this.runner.withPropertyValues("apiguard.rate-limit.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.report(context.getStartupFailure())).contains("apiguard.rate-limit.store")
				.contains("redis")
				.contains("memory");
		});
	}

	@Test
	void removedOutagePropertiesFailStartupNamingTheirReplacements() {
		assertRemoved("apiguard.rate-limit.redis.on-outage=deny", "apiguard.rate-limit.outage.policy");
		assertRemoved("apiguard.rate-limit.redis.failure-threshold=3", "apiguard.rate-limit.outage.failure-threshold");
		assertRemoved("apiguard.rate-limit.redis.open-duration=1s", "apiguard.rate-limit.outage.open-duration");
	}

	private void assertRemoved(String property, String replacement) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains(property.substring(0, property.indexOf('=')))
				.contains(replacement);
		});
	}

	@Test
	void outagePolicyAndRetryAfterBindUnderOutage() {
		this.runner.withPropertyValues("apiguard.rate-limit.outage.policy=deny",
				"apiguard.rate-limit.outage.retry-after=9s")
			.run((context) -> {
				RateLimitProperties properties = context.getBean(RateLimitProperties.class);
				assertThat(properties.outage().policy()).isEqualTo(OutagePolicy.DENY);
				assertThat(properties.outage().retryAfter()).isEqualTo(Duration.ofSeconds(9));
			});
	}

}
