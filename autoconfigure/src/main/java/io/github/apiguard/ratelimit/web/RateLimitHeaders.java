package io.github.apiguard.ratelimit.web;

import io.github.apiguard.errors.RetryAfter;
import io.github.apiguard.ratelimit.Decision;

import io.github.apiguard.ratelimit.Limit;

import io.github.apiguard.ratelimit.LimitStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which rate-limit headers a limited response carries.
 *
 * @param legacy whether to send {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}
 * @param reset how {@code X-RateLimit-Reset} is written
 * @param ietf whether to send the IETF draft's {@code RateLimit} and {@code RateLimit-Policy} headers
 * @param rejectionsOnly whether only rejections carry them, sparing every admitted response their cost
 */
public record RateLimitHeaders(boolean legacy, ResetFormat reset, boolean ietf, boolean rejectionsOnly) {

	/**
	 * Headers on every limited response.
	 * @param legacy whether to send {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}
	 * @param reset how {@code X-RateLimit-Reset} is written
	 * @param ietf whether to send the IETF draft's {@code RateLimit} and {@code RateLimit-Policy} headers
	 */
	public RateLimitHeaders(boolean legacy, ResetFormat reset, boolean ietf) {
		this(legacy, reset, ietf, false);
	}

	/** The largest Integer of RFC 9651 Structured Fields. */
	private static final long MAX_INTEGER = 999_999_999_999_999L;

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
	 * @return header names and values, in order; empty when nothing was limited, or when the request was
	 * admitted and only rejections carry the headers
	 */
	public Map<String, String> of(Decision decision, Instant now) {
		Map<String, String> headers = new LinkedHashMap<>();
		LimitStatus shown = decision.mostRestrictive().orElse(null);
		if (shown == null || (this.rejectionsOnly && decision.allowed())) {
			return headers;
		}
		if (this.legacy) {
			headers.put("X-RateLimit-Limit", Long.toString(shown.limit().quota()));
			headers.put("X-RateLimit-Remaining", Long.toString(shown.remaining()));
			headers.put("X-RateLimit-Reset", Long.toString((this.reset == ResetFormat.EPOCH_SECONDS)
					? RetryAfter.ceiling(shown.resetAt()).getEpochSecond() : RetryAfter.seconds(Duration.between(now, shown.resetAt()))));
		}
		if (this.ietf) {
			// draft-ietf-httpapi-ratelimit-headers-11: every limit as a quota policy, the state of the tightest.
			List<String> names = policyNames(decision);
			List<String> policies = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				Limit limit = decision.statuses().get(i).limit();
				policies.add(string(names.get(i)) + ";q=" + integer(limit.quota()) + ";w=" + windowSeconds(limit, now));
			}
			headers.put("RateLimit-Policy", String.join(", ", policies));
			// "t" is when additional quota is available: for a rejection, when the violated limit admits the
			// request again (Retry-After); otherwise when the limit is whole again, which is also when a quota
			// period starts over.
			Duration reset = shown.conforming() ? Duration.between(now, shown.resetAt()) : shown.retryAfter();
			headers.put("RateLimit", string(names.get(decision.statuses().indexOf(shown))) + ";r="
					+ integer(shown.remaining()) + ";t=" + RetryAfter.seconds(reset));
		}
		return headers;
	}

	/**
	 * The policy names of a decision's limits.
	 * @param decision the decision
	 * @return one name per status, in order
	 */
	public static List<String> policyNames(Decision decision) {
		Map<String, Long> counts = decision.statuses()
			.stream()
			.collect(Collectors.groupingBy((status) -> status.limit().name(), Collectors.counting()));
		// A limit's name is unique within its policy's tier, not across the policies charged together (a path
		// policy and an annotated one may both have a "per-minute"): such names are qualified by the policy,
		// so each item of RateLimit-Policy, RateLimit and violated-policies names exactly one limit.
		return decision.statuses()
			.stream()
			.map((status) -> (counts.get(status.limit().name()) > 1)
					? status.charge().policy() + "/" + status.limit().name() : status.limit().name())
			.toList();
	}

	/** An RFC 9651 String: quotes and backslashes escaped, anything but printable ASCII as {@code ?}. */
	private static String string(String value) {
		StringBuilder string = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				string.append('\\');
			}
			// Limit names are checked to be printable ASCII; a limit built in code past that check must still
			// not make the whole field unparseable.
			string.append((c >= 0x20 && c <= 0x7E) ? c : '?');
		}
		return string.append('"').toString();
	}

	/**
	 * An RFC 9651 Integer: at most 15 digits. Only {@link Limit#MAX_UNITS} itself has 16; written one unit
	 * short, since a client refuses the whole field over one too-long Integer.
	 */
	private static long integer(long value) {
		return Math.min(value, MAX_INTEGER);
	}

	private static long windowSeconds(Limit limit, Instant now) {
		if (limit.isQuota()) {
			Instant start = limit.calendar().start(now, limit.zone());
			return Duration.between(start, limit.calendar().end(now, limit.zone())).getSeconds();
		}
		return RetryAfter.seconds(limit.period());
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
