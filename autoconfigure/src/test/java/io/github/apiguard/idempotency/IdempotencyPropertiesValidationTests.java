package io.github.apiguard.idempotency;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lease or TTL that is not positive, that the stores' millisecond arithmetic cannot hold, or a lease
 * longer than the TTL fails the start, naming the property and saying what to do.
 */
class IdempotencyPropertiesValidationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class));

	@Test
	void theLeaseMustBeAtLeastAMillisecond() {
		for (String lease : List.of("0s", "-30s", "500us")) {
			assertFailsNaming("apiguard.idempotency.lease", "at least 1ms", "apiguard.idempotency.lease=" + lease);
		}
	}

	@Test
	void theTtlMustBePositiveAndAtMostTheBound() {
		for (String ttl : List.of("0s", "-1h")) {
			assertFailsNaming("apiguard.idempotency.ttl", "at least 1ms", "apiguard.idempotency.ttl=" + ttl);
		}
		assertFailsNaming("apiguard.idempotency.ttl", "at most 3650 days", "apiguard.idempotency.ttl=3651d");
	}

	@Test
	void theLeaseMustNotOutliveTheTtl() {
		assertFailsNaming("apiguard.idempotency.lease", "longer than apiguard.idempotency.ttl",
				"apiguard.idempotency.ttl=1m", "apiguard.idempotency.lease=2m");
	}

	@Test
	void aLeaseAsLongAsTheTtlStarts() {
		this.runner.withPropertyValues("apiguard.idempotency.ttl=30s", "apiguard.idempotency.lease=30s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertFailsNaming(String property, String advice, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(property)
				.hasMessageContaining(advice);
			assertThat(StartupFailures.report(failure)).contains(property).contains(advice);
		});
	}

}
