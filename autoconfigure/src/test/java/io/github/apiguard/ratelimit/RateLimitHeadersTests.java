package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");

	private final Charge perMinute = new Charge("api", Limit.rate("per-minute", 60, Duration.ofMinutes(1)), 1);

	private final Charge monthly = new Charge("api",
			Limit.quota("monthly", 1000, CalendarPeriod.MONTH, ZoneOffset.UTC), 1);

	private final Decision decision = Decision.of(List.of(
			new LimitStatus(this.perMinute, true, 59, NOW.plusMillis(1500), Duration.ZERO),
			new LimitStatus(this.monthly, true, 10, Instant.parse("2026-04-01T00:00:00Z"), Duration.ZERO)));

	@Test
	void theLegacyHeadersDescribeTheLimitWithFewestUnitsLeftAndResetInEpochSeconds() {
		assertThat(RateLimitHeaders.defaults().of(this.decision, NOW)).containsExactly(
				entry("X-RateLimit-Limit", "1000"), entry("X-RateLimit-Remaining", "10"),
				entry("X-RateLimit-Reset", "1775001600"));
	}

	@Test
	void theResetCanBeSecondsFromNow() {
		Decision tight = Decision.of(List.of(new LimitStatus(this.perMinute, true, 0, NOW.plusMillis(1500), Duration.ZERO)));
		assertThat(new RateLimitHeaders(true, RateLimitHeaders.ResetFormat.DELTA_SECONDS, false).of(tight, NOW))
			.containsEntry("X-RateLimit-Reset", "2");
	}

	@Test
	void theIetfHeadersListEveryPolicyAndTheStateOfTheTightest() {
		assertThat(new RateLimitHeaders(false, RateLimitHeaders.ResetFormat.EPOCH_SECONDS, true).of(this.decision, NOW))
			.containsExactly(entry("RateLimit-Policy", "\"per-minute\";q=60;w=60, \"monthly\";q=1000;w=2678400"),
					entry("RateLimit", "\"monthly\";r=10;t=1432800"));
	}

	@Test
	void anUnlimitedDecisionHasNoHeaders() {
		assertThat(RateLimitHeaders.defaults().of(Decision.unlimited(), NOW)).isEmpty();
	}

	private static Map.Entry<String, String> entry(String name, String value) {
		return Map.entry(name, value);
	}

}
