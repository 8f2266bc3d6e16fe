package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One limit of a policy: either a rolling rate of {@code quota} requests per {@code period}, enforced by
 * GCRA with a burst of up to {@code burst} requests at once, or a calendar quota of {@code quota} requests
 * per {@link CalendarPeriod day or month} in {@code zone}. A limit carries the error it is answered with
 * when exceeded.
 *
 * @param name the name, unique within its policy's tier and stable: with the {@link #stateFingerprint()
 * definition's fingerprint} it names the stored state
 * @param quota the number of requests per period
 * @param period the period of a rolling rate, or {@code null} for a calendar quota
 * @param calendar the calendar period of a quota, or {@code null} for a rolling rate
 * @param burst how many requests a rolling rate admits at once (its capacity); the quota for a quota
 * @param zone the zone whose calendar a quota resets in
 * @param code the error code when exceeded, rendered as written, or {@code null} for the built-in
 * {@code rate_limit_exceeded} (rates) or {@code quota_exceeded} (quotas)
 * @param status the HTTP status when exceeded, or {@code null} for the code's own (429)
 * @param message the message when exceeded, with placeholders such as {@code {retry_after}}, or
 * {@code null} for the code's default
 */
public record Limit(String name, long quota, @Nullable Duration period, @Nullable CalendarPeriod calendar, long burst,
		ZoneId zone, @Nullable String code, @Nullable Integer status, @Nullable String message) {

	/**
	 * The largest {@code quota} and {@code burst}, 10<sup>15</sup>. With {@link #MAX_SPAN} it keeps every
	 * intermediate value of both stores' arithmetic below 2<sup>53</sup>, where the Redis script's doubles are
	 * still exact integers, so the stores agree to the unit and the microsecond.
	 */
	public static final long MAX_UNITS = 1_000_000_000_000_000L;

	/**
	 * The longest {@code period} of a rate, and the longest time a rate's full burst takes to come back
	 * ({@code burst × period / quota}): 3650 days.
	 */
	public static final Duration MAX_SPAN = Duration.ofDays(3650);

	public Limit {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(quota > 0 && quota <= MAX_UNITS, "'quota' must be between 1 and " + MAX_UNITS);
		Assert.isTrue((period == null) != (calendar == null), "A limit has exactly one of period and calendar period");
		Assert.isTrue(burst > 0 && burst <= MAX_UNITS, "'burst' must be between 1 and " + MAX_UNITS);
		if (period != null) {
			Assert.isTrue(!period.isNegative() && period.compareTo(MAX_SPAN) <= 0,
					"'period' must be positive and at most " + MAX_SPAN.toDays() + " days");
			Assert.isTrue(toMicros(period) >= quota, "'period' must be at least one microsecond per request");
			// Checked by division: the product is what would overflow.
			Assert.isTrue(toMicros(period) / quota <= toMicros(MAX_SPAN) / burst,
					"'burst' × 'period' / 'quota' must be at most " + MAX_SPAN.toDays() + " days");
		}
		Assert.notNull(zone, "'zone' must not be null");
		Assert.isTrue(status == null || (status >= 400 && status <= 599), "'status' must be 4xx or 5xx");
	}

	/**
	 * A rolling rate with a burst equal to the quota.
	 * @param name the name
	 * @param quota requests per period
	 * @param period the period
	 * @return the limit
	 */
	public static Limit rate(String name, long quota, Duration period) {
		return new Limit(name, quota, period, null, quota, ZoneOffset.UTC, null, null, null);
	}

	/**
	 * A calendar quota.
	 * @param name the name
	 * @param quota requests per period
	 * @param calendar the period
	 * @param zone the zone whose calendar counts
	 * @return the limit
	 */
	public static Limit quota(String name, long quota, CalendarPeriod calendar, ZoneId zone) {
		return new Limit(name, quota, null, calendar, quota, zone, null, null, null);
	}

	/**
	 * This rate with another burst.
	 * @param burst requests admitted at once
	 * @return a copy
	 */
	public Limit withBurst(long burst) {
		return new Limit(this.name, this.quota, this.period, this.calendar, burst, this.zone, this.code, this.status,
				this.message);
	}

	/**
	 * This limit answered with another error.
	 * @param code the code, or {@code null} for the built-in one
	 * @param status the status, or {@code null} for the code's own
	 * @param message the message, or {@code null} for the code's default
	 * @return a copy
	 */
	public Limit withError(@Nullable String code, @Nullable Integer status, @Nullable String message) {
		return new Limit(this.name, this.quota, this.period, this.calendar, this.burst, this.zone, code, status,
				message);
	}

	/**
	 * Whether this is a calendar quota rather than a rolling rate.
	 * @return whether it resets at calendar boundaries
	 */
	public boolean isQuota() {
		return this.calendar != null;
	}

	/**
	 * For a rolling rate, the GCRA emission interval: the time one unit takes to come back, in whole
	 * microseconds (both stores compute in integer microseconds, so they agree exactly).
	 * @return the interval in microseconds
	 */
	public long emissionIntervalMicros() {
		Assert.state(this.period != null, "A calendar quota has no emission interval");
		return toMicros(this.period) / this.quota;
	}

	/**
	 * What gives this limit's stored state its meaning, as a short string that is the same on every node and
	 * after every restart: for a rate {@code r} and its emission interval (base 36), for a quota {@code d} or
	 * {@code m} and a hash of its zone's id. It is part of the state's {@link Charge#stateId() id}, so a limit
	 * redefined under the same name (a rate become a quota, another period, another calendar or zone) finds
	 * no state rather than misreading the old one, and needs no migration. The quota and the burst are not
	 * part of it: they do not change what the state means, so a client moved to a bigger plan keeps what it
	 * has used.
	 * @return the fingerprint
	 */
	public String stateFingerprint() {
		if (this.calendar != null) {
			return ((this.calendar == CalendarPeriod.DAY) ? "d" : "m")
					+ Integer.toUnsignedString(this.zone.getId().hashCode(), 36);
		}
		return "r" + Long.toString(emissionIntervalMicros(), 36);
	}

	static long toMicros(Duration duration) {
		return duration.getSeconds() * 1_000_000L + duration.getNano() / 1_000;
	}

}
