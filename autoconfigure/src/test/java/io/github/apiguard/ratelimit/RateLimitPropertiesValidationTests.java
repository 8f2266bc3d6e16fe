package io.github.apiguard.ratelimit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misconfigured rate limits fail the start, naming the property and saying what to do, instead of a limit
 * that is silently never enforced or arithmetic that overflows.
 */
class RateLimitPropertiesValidationTests {

	private static final String LIMIT = "apiguard.rate-limit.policies.api.limits.default[0]";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, ClientAutoConfiguration.class,
					RateLimitAutoConfiguration.class));

	@Test
	void twoLimitsOfOneNameInATierFail() {
		assertFailsNaming("apiguard.rate-limit.policies.api.limits.default[1].name",
				"must be unique within the tier's limits", limit(0, "per-minute", "limit=10", "period=1m"),
				limit(1, "per-minute", "limit=100", "period=1h"));
	}

	@Test
	void limitsOfOneNameInDifferentTiersAreFine() {
		this.runner.withPropertyValues(concat(limit(0, "per-minute", "limit=10", "period=1m"),
				new String[] { "apiguard.rate-limit.policies.api.limits.[public_key][0].name=per-minute",
						"apiguard.rate-limit.policies.api.limits.[public_key][0].limit=100",
						"apiguard.rate-limit.policies.api.limits.[public_key][0].period=1m" }))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aLimitNeedsExactlyOneOfPeriodAndCalendar() {
		assertFailsNaming(LIMIT + ".period", "exactly one of period", limit(0, "odd", "limit=10", "period=1m",
				"calendar=day"));
		assertFailsNaming(LIMIT + ".period", "exactly one of period", limit(0, "odd", "limit=10"));
	}

	@Test
	void settingsOfTheOtherKindOfLimitAreRefusedRatherThanIgnored() {
		assertFailsNaming(LIMIT + ".burst", "rolling rates only", limit(0, "monthly", "limit=1000", "calendar=month",
				"burst=50"));
		assertFailsNaming(LIMIT + ".zone", "calendar quotas only", limit(0, "per-minute", "limit=10", "period=1m",
				"zone=Europe/Paris"));
	}

	@Test
	void anInMemoryIdleTimeoutShorterThanAQuotaWouldLetAnIdleClientStartAFreshQuota() {
		// Idle for a day, a client of a monthly quota would otherwise come back to a whole new month's allowance.
		assertFailsNaming("apiguard.rate-limit.memory.idle-timeout", "31 days", concat(
				limit(0, "monthly", "limit=1000", "calendar=month"),
				new String[] { "apiguard.rate-limit.memory.idle-timeout=1d" }));
		assertFailsNaming("apiguard.rate-limit.memory.idle-timeout", "1h", concat(
				limit(0, "hourly", "limit=10", "period=1h"), new String[] { "apiguard.rate-limit.memory.idle-timeout=10m" }));
		this.runner.withPropertyValues(concat(limit(0, "daily", "limit=10", "calendar=day"),
				new String[] { "apiguard.rate-limit.memory.idle-timeout=2d" }))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aLimitNeedsAName() {
		assertFailsNaming(LIMIT + ".name", "needs a name", new String[] { LIMIT + ".limit=10", LIMIT + ".period=1m" });
	}

	@Test
	void aLimitNameIsPrintableAsciiAsAStructuredFieldStringMustBe() {
		assertFailsNaming(LIMIT + ".name", "printable ASCII", limit(0, "par-minute-été", "limit=10", "period=1m"));
	}

	@Test
	void aLimitMustBeBetweenOneAndTheBound() {
		for (String limit : List.of("0", "-5")) {
			assertFailsNaming(LIMIT + ".limit", "between 1 and 1000000000000000",
					limit(0, "per-minute", "limit=" + limit, "period=1m"));
		}
		assertFailsNaming(LIMIT + ".limit", "between 1 and 1000000000000000",
				limit(0, "monthly", "limit=1000000000000001", "calendar=month"));
	}

	@Test
	void aPeriodMustBePositiveAndAtMostTheBound() {
		for (String period : List.of("0s", "-1m")) {
			assertFailsNaming(LIMIT + ".period", "positive", limit(0, "per-minute", "limit=10", "period=" + period));
		}
		assertFailsNaming(LIMIT + ".period", "at most 3650 days",
				limit(0, "per-decade", "limit=10", "period=3651d"));
		assertFailsNaming(LIMIT + ".period", "one request per microsecond",
				limit(0, "per-second", "limit=2000000", "period=1s"));
	}

	@Test
	void aBurstMustBePositiveAndComeBackWithinTheBound() {
		for (String burst : List.of("0", "-1")) {
			assertFailsNaming(LIMIT + ".burst", "between 1 and 1000000000000000",
					limit(0, "per-minute", "limit=10", "period=1m", "burst=" + burst));
		}
		// interval × burst: 259200000000 µs × 100000000 overflows a long; 1216 intervals fit into 3650 days.
		assertFailsNaming(LIMIT + ".burst", "at most 1216",
				limit(0, "slow", "limit=1000", "period=3000d", "burst=100000000"));
		assertFailsNaming(LIMIT + ".burst", "at most 1",
				limit(0, "slowest", "limit=1", "period=3650d", "burst=2"));
	}

	@Test
	void aStatusMustBeAnError() {
		assertFailsNaming(LIMIT + ".status", "4xx or 5xx",
				limit(0, "monthly", "limit=10", "calendar=month", "status=200"));
	}

	@Test
	void aPolicysCostMustBePositive() {
		for (String cost : List.of("0", "-5")) {
			assertFailsNaming("apiguard.rate-limit.policies.api.cost", "at least 1",
					concat(limit(0, "per-minute", "limit=10", "period=1m"),
							new String[] { "apiguard.rate-limit.policies.api.cost=" + cost }));
		}
	}

	@Test
	void theInMemoryStoreMustKeepClientsForAWhile() {
		for (String clients : List.of("0", "-1")) {
			assertFailsNaming("apiguard.rate-limit.memory.max-clients", "at least 1",
					new String[] { "apiguard.rate-limit.memory.max-clients=" + clients });
		}
		for (String timeout : List.of("0s", "-1h")) {
			assertFailsNaming("apiguard.rate-limit.memory.idle-timeout", "positive",
					new String[] { "apiguard.rate-limit.memory.idle-timeout=" + timeout });
		}
	}

	@Test
	void theBreakerNeedsAThresholdAndAnOpenDuration() {
		assertFailsNaming("apiguard.rate-limit.outage.failure-threshold", "at least 1",
				new String[] { "apiguard.rate-limit.outage.failure-threshold=0" });
		assertFailsNaming("apiguard.rate-limit.outage.open-duration", "must not be negative",
				new String[] { "apiguard.rate-limit.outage.open-duration=-1s" });
	}

	@Test
	void limitsAtTheBoundsStart() {
		this.runner
			.withPropertyValues(concat(limit(0, "fine", "limit=1000000", "period=1s", "burst=1000000"),
					limit(1, "slowest", "limit=1", "period=3650d", "burst=1"),
					limit(2, "huge", "limit=1000000000000000", "calendar=month"),
					// The in-memory store must remember a client as long as its slowest limit spans.
					new String[] { "apiguard.rate-limit.memory.idle-timeout=3650d" }))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private void assertFailsNaming(String property, String advice, String[]... properties) {
		this.runner.withPropertyValues(concat(properties)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(property)
				.hasMessageContaining(advice);
			assertThat(((InvalidConfigurationPropertyValueException) rootCause(failure)).getName()).isEqualTo(property);
			assertThat(StartupFailures.report(failure)).contains(property).contains(advice);
		});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String[] limit(int index, String name, String... settings) {
		String prefix = "apiguard.rate-limit.policies.api.limits.default[" + index + "].";
		List<String> properties = new ArrayList<>();
		properties.add(prefix + "name=" + name);
		for (String setting : settings) {
			properties.add(prefix + setting);
		}
		return properties.toArray(String[]::new);
	}

	private static String[] concat(String[]... parts) {
		List<String> all = new ArrayList<>();
		for (String[] part : parts) {
			all.addAll(List.of(part));
		}
		return all.toArray(String[]::new);
	}

}
