package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which rate-limit headers a limited response carries.
 *
 * @param legacy whether to send {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}
 * @param reset how {@code X-RateLimit-Reset} is written
 * @param ietf whether to send the IETF draft's {@code RateLimit} and {@code RateLimit-Policy} headers
 */
public record RateLimitHeaders(boolean legacy, ResetFormat reset, boolean ietf) {

	/**
	 * The defaults: {@code X-RateLimit-*} with an epoch {@code -Reset}, no IETF headers.
	 * @return the defaults
	 */
	public static RateLimitHeaders defaults() {
		return new RateLimitHeaders(true, ResetFormat.EPOCH_SECONDS, false);
	}

	/**
	 * The headers describing a decision.
	 * @param decision the decision
	 * @param now now, for relative times
	 * @return header names and values, in order; empty when nothing was limited
	 */
	public Map<String, String> of(Decision decision, Instant now) {
		Map<String, String> headers = new LinkedHashMap<>();
		LimitStatus shown = decision.mostRestrictive().orElse(null);
		if (shown == null) {
			return headers;
		}
		if (this.legacy) {
			headers.put("X-RateLimit-Limit", Long.toString(shown.limit().quota()));
			headers.put("X-RateLimit-Remaining", Long.toString(shown.remaining()));
			headers.put("X-RateLimit-Reset", Long.toString((this.reset == ResetFormat.EPOCH_SECONDS)
					? ceilingSeconds(shown.resetAt()).getEpochSecond() : seconds(Duration.between(now, shown.resetAt()))));
		}
		if (this.ietf) {
			// draft-ietf-httpapi-ratelimit-headers-10: a policy list of all limits, the state of the tightest.
			headers.put("RateLimit-Policy", decision.statuses()
				.stream()
				.map((status) -> "\"" + status.limit().name() + "\";q=" + status.limit().quota() + ";w="
						+ windowSeconds(status.limit(), now))
				.collect(Collectors.joining(", ")));
			headers.put("RateLimit", "\"" + shown.limit().name() + "\";r=" + shown.remaining() + ";t="
					+ seconds(Duration.between(now, shown.resetAt())));
		}
		return headers;
	}

	/**
	 * Whole seconds, rounded up, never negative.
	 * @param duration a duration
	 * @return the seconds
	 */
	public static long seconds(Duration duration) {
		if (duration.isNegative()) {
			return 0;
		}
		return duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
	}

	/**
	 * An instant rounded up to the whole second, as {@code reset_at} and an epoch reset are written.
	 * @param instant an instant
	 * @return the instant without a fraction
	 */
	public static Instant ceilingSeconds(Instant instant) {
		return (instant.getNano() == 0) ? instant : Instant.ofEpochSecond(instant.getEpochSecond() + 1);
	}

	private static long windowSeconds(Limit limit, Instant now) {
		if (limit.isQuota()) {
			Instant start = limit.calendar().start(now, limit.zone());
			return Duration.between(start, limit.calendar().end(now, limit.zone())).getSeconds();
		}
		return seconds(limit.period());
	}

	/**
	 * How {@code X-RateLimit-Reset} is written.
	 */
	public enum ResetFormat {

		/** Seconds since the epoch when the limit resets (GitHub, seed 003). */
		EPOCH_SECONDS,

		/** Seconds from now until the limit resets. */
		DELTA_SECONDS

	}

}
