package io.github.apiguard.store.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * One key prefix, {@code apiguard.redis.key-prefix}, for both guards' Redis stores: a prefix that would move
 * or split the hash tag fails start-up, and so do the guards' former prefix properties, naming what replaces
 * them.
 */
class RedisKeyPropertiesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				ClientAutoConfiguration.class, RateLimitAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
		.withPropertyValues("apiguard.rate-limit.store=redis", "apiguard.idempotency.store=redis");

	@Test
	void bothGuardsKeyUnderApiguardByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(FailoverRateLimiter.class);
			assertThat(context.getBean(RedisKeyProperties.class).keyPrefix()).isEqualTo("apiguard");
			assertThat(context.getBean(RedisIdempotencyStore.class).recordKey("k")).isEqualTo("apiguard:idempotency:{k}");
		});
	}

	@Test
	void theConfiguredPrefixIsTheRootOfBothGuardsKeys() {
		this.runner.withPropertyValues("apiguard.redis.key-prefix=shop:eu").run((context) -> {
			assertThat(context.getBean(RedisKeyProperties.class).keyPrefix()).isEqualTo("shop:eu");
			assertThat(context.getBean(RedisIdempotencyStore.class).recordKey("k")).isEqualTo("shop:eu:idempotency:{k}");
		});
	}

	@Test
	void aPrefixThatWouldMoveTheHashTagFailsStartUp() {
		assertFailsNaming("apiguard.redis.key-prefix", "must not contain '{' or '}'", "apiguard.redis.key-prefix=app{}");
		assertFailsNaming("apiguard.redis.key-prefix", "must not contain '{' or '}'", "apiguard.redis.key-prefix={app}");
	}

	@Test
	void aPrefixIsWrittenOneWayOnlyWithoutTheTrailingColon() {
		assertFailsNaming("apiguard.redis.key-prefix", "without the trailing ':'", "apiguard.redis.key-prefix=app:");
	}

	@Test
	void anEmptyPrefixFailsStartUp() {
		assertFailsNaming("apiguard.redis.key-prefix", "must not be empty", "apiguard.redis.key-prefix= ");
	}

	@Test
	void theRateLimitsFormerPrefixPropertyFailsStartUpNamingItsReplacement() {
		assertFailsNaming("apiguard.rate-limit.redis.key-prefix", "apiguard.redis.key-prefix",
				"apiguard.rate-limit.redis.key-prefix=myapp:rl");
	}

	@Test
	void theIdempotencysFormerPrefixPropertyFailsStartUpNamingItsReplacement() {
		assertFailsNaming("apiguard.idempotency.redis.key-prefix", "apiguard.redis.key-prefix",
				"apiguard.idempotency.redis.key-prefix=myapp:idempotency:");
	}

	private void assertFailsNaming(String property, String advice, String setting) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(property);
					assertThat(ex.getReason()).contains(advice);
				});
			assertThat(StartupFailures.report(context.getStartupFailure())).contains(property).contains(advice);
		});
	}

}
