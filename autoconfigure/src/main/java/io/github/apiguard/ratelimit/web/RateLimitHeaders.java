package io.github.apiguard.ratelimit.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.RetryAfter;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;

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
		if (this.rejectionsOnly && decision.allowed()) {
			return headers;
		}
		int shown = indexOfMostRestrictive(decision);
		if (shown >= 0) {
			write(decision, shown, now, headers::put);
		}
		return headers;
	}

	/**
	 * Sets the headers describing a decision on a response, as {@link #of} lists them, without building
	 * them up first: this runs on every limited request.
	 * @param decision the decision
	 * @param clock the clock, read only when a header is relative to now
	 * @param response the response
	 */
	public void write(Decision decision, Clock clock, HttpServletResponse response) {
		if (this.rejectionsOnly && decision.allowed()) {
			return;
		}
		int shown = indexOfMostRestrictive(decision);
		if (shown < 0) {
			return;
		}
		Instant now = (this.ietf || this.reset == ResetFormat.DELTA_SECONDS) ? clock.instant() : Instant.EPOCH;
		write(decision, shown, now, response::setHeader);
	}

	private void write(Decision decision, int index, Instant now, HeaderSink headers) {
		LimitStatus shown = decision.statuses().get(index);
		if (this.legacy) {
			headers.set("X-RateLimit-Limit", Long.toString(shown.limit().quota()));
			headers.set("X-RateLimit-Remaining", Long.toString(shown.remaining()));
			headers.set("X-RateLimit-Reset", Long.toString((this.reset == ResetFormat.EPOCH_SECONDS)
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
			headers.set("RateLimit-Policy", String.join(", ", policies));
			// "t" is when additional quota is available: for a rejection, when the violated limit admits the
			// request again (Retry-After); otherwise when the limit is whole again, which is also when a quota
			// period starts over.
			Duration reset = shown.conforming() ? Duration.between(now, shown.resetAt()) : shown.retryAfter();
			headers.set("RateLimit", string(names.get(index)) + ";r=" + integer(shown.remaining()) + ";t="
					+ RetryAfter.seconds(reset));
		}
	}

	/**
	 * The limit clients are told about, as {@link Decision#mostRestrictive()} chooses it, without streams.
	 * @param decision the decision
	 * @return the most restrictive limit, or {@code null} when nothing was limited
	 */
	public static @Nullable LimitStatus mostRestrictive(Decision decision) {
		int index = indexOfMostRestrictive(decision);
		return (index >= 0) ? decision.statuses().get(index) : null;
	}

	/**
	 * Of a rejection, the violated limit that clears last; of an admission, the limit with the fewest units
	 * left, the one that resets last among equals. The first wins a tie, as with {@code Stream.max/min}.
	 */
	private static int indexOfMostRestrictive(Decision decision) {
		List<LimitStatus> statuses = decision.statuses();
		int best = -1;
		for (int i = 0; i < statuses.size(); i++) {
			LimitStatus status = statuses.get(i);
			if (best < 0) {
				if (decision.allowed() || !status.conforming()) {
					best = i;
				}
				continue;
			}
			LimitStatus current = statuses.get(best);
			if (!decision.allowed()) {
				if (!status.conforming() && status.retryAfter().compareTo(current.retryAfter()) > 0) {
					best = i;
				}
			}
			else if (status.remaining() < current.remaining() || (status.remaining() == current.remaining()
					&& status.resetAt().isAfter(current.resetAt()))) {
				best = i;
			}
		}
		return best;
	}

	/** Where headers go: a response, or a map for {@link #of}. */
	@FunctionalInterface
	private interface HeaderSink {

		void set(String name, String value);

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
