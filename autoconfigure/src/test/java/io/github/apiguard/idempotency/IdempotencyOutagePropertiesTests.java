package io.github.apiguard.idempotency;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyProperties;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Idempotency's store and outage properties, in the shape rate limits share: {@code apiguard.idempotency.store}
 * and {@code apiguard.idempotency.outage.*}; {@code local} and the removed names fail start-up naming what to
 * set instead.
 */
class IdempotencyOutagePropertiesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class));

	@Test
	void deniesWithARetryAfterOfTwoSecondsByDefault() {
		this.runner.run((context) -> {
			IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
			assertThat(properties.store()).isEqualTo(StoreType.AUTO);
			assertThat(properties.outage().policy()).isEqualTo(OutagePolicy.DENY);
			assertThat(properties.outage().retryAfter()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.outage().failureThreshold()).isEqualTo(1);
			assertThat(properties.outage().openDuration()).isEqualTo(Duration.ofSeconds(5));
			IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
			assertThat(policy.failOpen()).isFalse();
			assertThat(policy.storeRetryAfter()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void allowRunsRequestsWithoutTheirKeyAndRetryAfterIsConfigurable() {
		this.runner.withPropertyValues("apiguard.idempotency.outage.policy=allow",
				"apiguard.idempotency.outage.retry-after=7s")
			.run((context) -> {
				IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
				assertThat(policy.failOpen()).isTrue();
				assertThat(policy.storeRetryAfter()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void localIsRefusedAtStartupNamingThePropertyAndWhatToUse() {
		this.runner.withPropertyValues("apiguard.idempotency.outage.policy=local").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class);
			assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.outage.policy")
				.contains("deny")
				.contains("allow");
		});
	}

	@Test
	void removedFailOpenFailsStartupNamingItsReplacement() {
		this.runner.withPropertyValues("apiguard.idempotency.fail-open=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.fail-open")
				.contains("apiguard.idempotency.outage.policy=allow");
		});
	}

	@Test
	void removedStoreRetryAfterFailsStartupNamingItsReplacement() {
		this.runner.withPropertyValues("apiguard.idempotency.store-retry-after=5s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.store-retry-after")
				.contains("apiguard.idempotency.outage.retry-after");
		});
	}

	@Test
	void breakerSettingsThatCannotWorkFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("apiguard.idempotency.outage.failure-threshold=0")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.outage.failure-threshold"));
		this.runner.withPropertyValues("apiguard.idempotency.outage.open-duration=-1s")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.outage.open-duration"));
		this.runner.withPropertyValues("apiguard.idempotency.outage.retry-after=0s")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.outage.retry-after"));
	}

	@Test
	void theMemoryStoreHasNoBreaker() {
		this.runner.run((context) -> {
			ConfiguredStore store = context.getBean("apiguardIdempotencyConfiguredStore", ConfiguredStore.class);
			assertThat(store.type()).isEqualTo(StoreType.MEMORY);
			assertThat(store.breaker()).isNull();
		});
	}

	@Test
	void theRedisStoreIsBehindABreakerWithTheConfiguredThreshold() {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("apiguard.idempotency.outage.failure-threshold=3")
			.run((context) -> {
				ConfiguredStore store = context.getBean("apiguardIdempotencyConfiguredStore", ConfiguredStore.class);
				assertThat(store.type()).isEqualTo(StoreType.REDIS);
				assertThat(store.breaker()).isNotNull();
				assertThat(store.breaker().isOpen()).isFalse();
			});
	}

	@Test
	void aStoreOfTheApplicationHasNoConfiguredStore() {
		this.runner.withUserConfiguration(OwnStore.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("apiguardIdempotencyConfiguredStore");
			assertThat(ConfiguredStore.tag(null)).isEqualTo("custom");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		@Bean
		IdempotencyStore ownStore() {
			return new InMemoryIdempotencyStore(1024 * 1024, 10, java.time.Clock.systemUTC());
		}

	}

}
