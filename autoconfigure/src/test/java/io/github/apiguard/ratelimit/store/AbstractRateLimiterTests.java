package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.github.apiguard.ratelimit.CalendarPeriod;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link RateLimiter} shares, run against each store with a clock the test moves.
 */
public abstract class AbstractRateLimiterTests {

	static final ZoneId UTC = ZoneOffset.UTC;

	final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	abstract RateLimiter limiter();

	Decision charge(String client, Charge... charges) {
		return limiter().tryAcquire(client, List.of(charges));
	}

	static Charge rate(String name, long quota, Duration period, long burst, long cost) {
		return new Charge("api", Limit.rate(name, quota, period).withBurst(burst), cost);
	}

	static Charge quota(String name, long quota, CalendarPeriod calendar, ZoneId zone, long cost) {
		return new Charge("api", Limit.quota(name, quota, calendar, zone), cost);
	}

	@Test
	void aRateAdmitsItsBurstAtOnceThenOneRequestPerEmissionInterval() {
		Charge perMinute = rate("per-minute", 60, Duration.ofMinutes(1), 60, 1);
		for (int i = 0; i < 60; i++) {
			Decision decision = charge("c1", perMinute);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.statuses().get(0).remaining()).isEqualTo(59 - i);
		}
		Decision rejected = charge("c1", perMinute);
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(rejected.statuses().get(0).remaining()).isZero();
		// Full again once every unit has come back: a minute after the burst.
		assertThat(rejected.statuses().get(0).resetAt()).isEqualTo(Instant.parse("2026-03-15T10:01:00Z"));
		this.clock.advance(Duration.ofMillis(999));
		assertThat(charge("c1", perMinute).allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(charge("c1", perMinute).allowed()).isTrue();
		assertThat(charge("c1", perMinute).allowed()).isFalse();
	}

	@Test
	void aBurstSmallerThanTheQuotaSpreadsTheQuotaOverThePeriod() {
		Charge limit = rate("per-minute", 60, Duration.ofMinutes(1), 10, 1);
		for (int i = 0; i < 10; i++) {
			assertThat(charge("c1", limit).allowed()).isTrue();
		}
		Decision rejected = charge("c1", limit);
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(5));
		Decision decision = charge("c1", limit);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.statuses().get(0).remaining()).isEqualTo(4);
	}

	@Test
	void aCostAboveOneConsumesThatManyUnits() {
		Charge expensive = rate("per-minute", 10, Duration.ofMinutes(1), 10, 4);
		assertThat(charge("c1", expensive).statuses().get(0).remaining()).isEqualTo(6);
		assertThat(charge("c1", expensive).statuses().get(0).remaining()).isEqualTo(2);
		Decision rejected = charge("c1", expensive);
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.statuses().get(0).remaining()).isEqualTo(2);
		// Two more units must come back, 6 s each.
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(12));
		Charge cheap = rate("per-minute", 10, Duration.ofMinutes(1), 10, 2);
		assertThat(charge("c1", cheap).statuses().get(0).remaining()).isZero();
	}

	@Test
	void aCostAboveTheBurstIsNeverAdmitted() {
		Decision decision = charge("c1", rate("per-minute", 10, Duration.ofMinutes(1), 10, 11));
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.statuses().get(0).remaining()).isEqualTo(10);
	}

	@Test
	void aMonthlyQuotaResetsAtTheFirstOfTheNextMonth() {
		Charge monthly = quota("monthly", 3, CalendarPeriod.MONTH, UTC, 1);
		for (int i = 0; i < 3; i++) {
			assertThat(charge("c1", monthly).allowed()).isTrue();
		}
		Decision rejected = charge("c1", monthly);
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.statuses().get(0).resetAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
		assertThat(rejected.retryAfter()).isEqualTo(Duration.between(this.clock.instant(), Instant.parse("2026-04-01T00:00:00Z")));
		this.clock.set(Instant.parse("2026-03-31T23:59:59.999999Z"));
		assertThat(charge("c1", monthly).allowed()).isFalse();
		this.clock.set(Instant.parse("2026-04-01T00:00:00Z"));
		Decision renewed = charge("c1", monthly);
		assertThat(renewed.allowed()).isTrue();
		assertThat(renewed.statuses().get(0).remaining()).isEqualTo(2);
		assertThat(renewed.statuses().get(0).resetAt()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
	}

	@Test
	void monthEndsFollowMonthLengthsAndLeapYears() {
		Charge monthly = quota("monthly", 100, CalendarPeriod.MONTH, UTC, 1);
		assertResetAt(monthly, "2024-02-29T23:00:00Z", "2024-03-01T00:00:00Z");
		assertResetAt(monthly, "2025-02-28T23:00:00Z", "2025-03-01T00:00:00Z");
		assertResetAt(monthly, "2026-01-31T12:00:00Z", "2026-02-01T00:00:00Z");
		assertResetAt(monthly, "2026-04-30T12:00:00Z", "2026-05-01T00:00:00Z");
		assertResetAt(monthly, "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z");
	}

	@Test
	void aQuotaResetsAtMidnightInItsZone() {
		Charge berlinMonthly = quota("monthly", 1, CalendarPeriod.MONTH, ZoneId.of("Europe/Berlin"), 1);
		// 23:59 on 31 March in Berlin (CEST, UTC+2) is still March: the month ends at 22:00 UTC.
		this.clock.set(Instant.parse("2026-03-31T21:59:00Z"));
		assertThat(charge("berlin", berlinMonthly).statuses().get(0).resetAt())
			.isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
		assertThat(charge("berlin", berlinMonthly).allowed()).isFalse();
		this.clock.set(Instant.parse("2026-03-31T22:00:00Z"));
		assertThat(charge("berlin", berlinMonthly).allowed()).isTrue();
		// 8 March 2026 in New York has 23 hours: clocks spring forward, the next midnight is at 04:00 UTC.
		Charge newYorkDaily = quota("daily", 1, CalendarPeriod.DAY, ZoneId.of("America/New_York"), 1);
		assertResetAt(newYorkDaily, "2026-03-08T12:00:00Z", "2026-03-09T04:00:00Z");
	}

	private void assertResetAt(Charge charge, String now, String resetAt) {
		this.clock.set(Instant.parse(now));
		String client = "reset-" + now;
		Decision decision = charge(client, charge);
		assertThat(decision.allowed()).isTrue();
		assertThat(decision.statuses().get(0).resetAt()).isEqualTo(Instant.parse(resetAt));
	}

	@Test
	void aRequestRejectedByTheMonthlyQuotaConsumesNoPerMinuteAllowance() {
		Charge perMinute = rate("per-minute", 5, Duration.ofMinutes(1), 5, 1);
		Charge monthly = quota("monthly", 3, CalendarPeriod.MONTH, UTC, 1);
		for (int i = 0; i < 3; i++) {
			assertThat(charge("c1", perMinute, monthly).allowed()).isTrue();
		}
		for (int i = 0; i < 5; i++) {
			Decision rejected = charge("c1", perMinute, monthly);
			assertThat(rejected.allowed()).isFalse();
			assertThat(rejected.mostRestrictive()).get().extracting(LimitStatus::limit).isEqualTo(monthly.limit());
			assertThat(rejected.statuses().get(0).conforming()).isTrue();
		}
		// Five rejected requests later the per-minute limit still has 5 - 3 units.
		assertThat(charge("c1", perMinute).statuses().get(0).remaining()).isEqualTo(1);
	}

	@Test
	void aRequestRejectedByTheRateConsumesNoQuota() {
		Charge perMinute = rate("per-minute", 2, Duration.ofMinutes(1), 2, 1);
		Charge monthly = quota("monthly", 10, CalendarPeriod.MONTH, UTC, 1);
		charge("c1", perMinute, monthly);
		charge("c1", perMinute, monthly);
		for (int i = 0; i < 4; i++) {
			assertThat(charge("c1", perMinute, monthly).allowed()).isFalse();
		}
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(charge("c1", perMinute, monthly).statuses().get(1).remaining()).isEqualTo(7);
	}

	@Test
	void aLimitRedefinedUnderTheSameNameIgnoresTheOldDefinitionsState() {
		Charge monthly = quota("plan", 1, CalendarPeriod.MONTH, UTC, 1);
		assertThat(charge("c1", monthly).allowed()).isTrue();
		assertThat(charge("c1", monthly).allowed()).isFalse();
		// The same name as a rate: a quota's period end is no arrival time.
		Decision asRate = charge("c1", rate("plan", 5, Duration.ofMinutes(1), 5, 1));
		assertThat(asRate.allowed()).isTrue();
		assertThat(asRate.statuses().get(0).remaining()).isEqualTo(4);
		// Another period, another calendar, another zone: each starts afresh.
		assertThat(charge("c1", rate("plan", 1, Duration.ofHours(1), 1, 1)).allowed()).isTrue();
		assertThat(charge("c1", quota("plan", 3, CalendarPeriod.DAY, UTC, 1)).statuses().get(0).remaining())
			.isEqualTo(2);
		assertThat(charge("c1", quota("plan", 3, CalendarPeriod.DAY, ZoneId.of("Europe/Berlin"), 1)).statuses()
			.get(0)
			.remaining()).isEqualTo(2);
		// A bigger plan of the same kind, period and zone keeps what was used; the old definition, back, finds
		// its own state.
		assertThat(charge("c1", quota("plan", 3, CalendarPeriod.MONTH, UTC, 1)).statuses().get(0).remaining())
			.isEqualTo(1);
		assertThat(charge("c1", rate("plan", 5, Duration.ofMinutes(1), 10, 1)).statuses().get(0).remaining())
			.isEqualTo(8);
	}

	@Test
	void clientsAreLimitedSeparately() {
		Charge limit = rate("per-minute", 1, Duration.ofMinutes(1), 1, 1);
		assertThat(charge("c1", limit).allowed()).isTrue();
		assertThat(charge("c1", limit).allowed()).isFalse();
		assertThat(charge("c2", limit).allowed()).isTrue();
	}

	@Test
	void tenTimesTheLimitInConcurrentRequestsAdmitsExactlyTheLimit() throws Exception {
		int limit = 50;
		Charge perHour = rate("per-hour", limit, Duration.ofHours(1), limit, 1);
		Charge monthly = quota("monthly", 1000, CalendarPeriod.MONTH, UTC, 1);
		assertThat(concurrentlyAdmitted(10 * limit, () -> charge("hot", perHour, monthly).allowed())).isEqualTo(limit);
		Charge monthlyOnly = quota("monthly-only", limit, CalendarPeriod.MONTH, UTC, 1);
		assertThat(concurrentlyAdmitted(10 * limit, () -> charge("hot", monthlyOnly).allowed())).isEqualTo(limit);
	}

	public static long concurrentlyAdmitted(int requests, Callable<Boolean> request) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			start.countDown();
			long admitted = 0;
			for (Future<Boolean> result : results) {
				if (result.get()) {
					admitted++;
				}
			}
			return admitted;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
