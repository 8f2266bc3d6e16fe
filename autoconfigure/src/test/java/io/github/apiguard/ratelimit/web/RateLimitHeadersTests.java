package io.github.apiguard.ratelimit.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.StructuredFieldLists;
import io.github.apiguard.ratelimit.StructuredFieldLists.Item;

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
	void theIetfFieldsAreListsOfStringItemsWithTheDraftsIntegerParameters() {
		Map<String, String> headers = ietf().of(this.decision, NOW);
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit-Policy"))).containsExactly(
				new Item("per-minute", Map.of("q", 60L, "w", 60L)), new Item("monthly", Map.of("q", 1000L, "w", 2678400L)));
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit")))
			.containsExactly(new Item("monthly", Map.of("r", 10L, "t", 1432800L)));
	}

	@Test
	void aLimitNameWithQuotesAndBackslashesIsOneEscapedString() {
		Charge odd = new Charge("api", Limit.rate("say \"hi\" \\ bye", 5, Duration.ofSeconds(1)), 1);
		Decision decision = Decision.of(List.of(new LimitStatus(odd, true, 4, NOW.plusSeconds(1), Duration.ZERO)));
		Map<String, String> headers = ietf().of(decision, NOW);
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit-Policy"))).extracting(Item::value)
			.containsExactly("say \"hi\" \\ bye");
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit"))).extracting(Item::value)
			.containsExactly("say \"hi\" \\ bye");
	}

	@Test
	void theLargestQuotaIsStillAStructuredFieldInteger() {
		// 10^15 has 16 digits; a Structured Field Integer has at most 15, and a client refuses the whole field.
		Charge huge = new Charge("api", Limit.quota("huge", Limit.MAX_UNITS, CalendarPeriod.DAY, ZoneOffset.UTC), 1);
		Decision decision = Decision.of(List.of(new LimitStatus(huge, true, Limit.MAX_UNITS - 1,
				Instant.parse("2026-03-16T00:00:00Z"), Duration.ZERO)));
		Map<String, String> headers = ietf().of(decision, NOW);
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit-Policy")).get(0).parameters())
			.containsEntry("q", 999_999_999_999_999L);
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit")).get(0).parameters())
			.containsEntry("r", 999_999_999_999_999L);
	}

	@Test
	void theSameLimitNameInTwoPoliciesNamesTwoDistinctPolicyItems() {
		Charge api = new Charge("api", Limit.rate("per-minute", 60, Duration.ofMinutes(1)), 1);
		Charge exports = new Charge("exports", Limit.rate("per-minute", 2, Duration.ofMinutes(1)), 1);
		Decision decision = Decision.of(List.of(new LimitStatus(api, true, 59, NOW.plusSeconds(1), Duration.ZERO),
				new LimitStatus(exports, true, 1, NOW.plusSeconds(30), Duration.ZERO)));
		Map<String, String> headers = ietf().of(decision, NOW);
		List<Object> policies = StructuredFieldLists.parse(headers.get("RateLimit-Policy"))
			.stream()
			.map(Item::value)
			.toList();
		assertThat(policies).containsExactly("api/per-minute", "exports/per-minute");
		assertThat(StructuredFieldLists.parse(headers.get("RateLimit")))
			.containsExactly(new Item("exports/per-minute", Map.of("r", 1L, "t", 30L)));
		assertThat(RateLimitHeaders.policyNames(decision)).containsExactly("api/per-minute", "exports/per-minute");
	}

	@Test
	void aRejectionsResetIsWhenTheViolatedLimitAdmitsAgainAsRetryAfterSays() {
		// Whole again in 60 s, but one request fits again in 12 s: that is when "additional quota" is available.
		Decision rejected = Decision.of(List.of(new LimitStatus(this.perMinute, false, 0, NOW.plusSeconds(60),
				Duration.ofSeconds(12))));
		assertThat(StructuredFieldLists.parse(ietf().of(rejected, NOW).get("RateLimit")))
			.containsExactly(new Item("per-minute", Map.of("r", 0L, "t", 12L)));
	}

	@Test
	void anUnlimitedDecisionHasNoHeaders() {
		assertThat(RateLimitHeaders.defaults().of(Decision.unlimited(), NOW)).isEmpty();
	}

	private static RateLimitHeaders ietf() {
		return new RateLimitHeaders(false, RateLimitHeaders.ResetFormat.EPOCH_SECONDS, true);
	}

	private static Map.Entry<String, String> entry(String name, String value) {
		return Map.entry(name, value);
	}

}
