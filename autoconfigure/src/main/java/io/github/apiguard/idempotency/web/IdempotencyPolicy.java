package io.github.apiguard.idempotency.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.Assert;

/**
 * How requests are handled, shared by {@link IdempotencyFilter} and {@link IdempotencyInterceptor}.
 *
 * @param header the request header carrying the key
 * @param methods the HTTP methods handled without an annotation
 * @param requireKey whether requests with those methods must carry a key
 * @param ttl how long completed responses are kept
 * @param lease how long a claim counts as in flight
 * @param maxRequestSize the largest body fingerprinted; larger ones are answered with 413
 * @param maxResponseSize the largest body stored; larger ones are recorded without body
 * @param replayHeaders the response headers stored and replayed
 * @param storeServerErrors whether unexpected 500 responses are stored instead of releasing the key
 * @param failOpen whether requests run without idempotency when the store is unreachable
 * @param storeRetryAfter the {@code Retry-After} of the 503 answered when the store is unreachable
 * @param transactional whether idempotent endpoints are transactional unless annotated otherwise (see
 * {@link io.github.apiguard.idempotency.Idempotent#transactional()})
 */
public record IdempotencyPolicy(String header, Set<String> methods, boolean requireKey, Duration ttl, Duration lease,
		long maxRequestSize, long maxResponseSize, List<String> replayHeaders, boolean storeServerErrors,
		boolean failOpen, Duration storeRetryAfter, boolean transactional) {

	/**
	 * Response headers never stored, whatever the allow-list says: they belong to the response that carries
	 * them (cookies, dates, rate-limit state, the original's request id).
	 */
	public static final Set<String> NEVER_REPLAYED = Set.of("set-cookie", "set-cookie2", "date", "retry-after",
			"x-request-id", "content-length", "transfer-encoding", "idempotent-replayed");

	public IdempotencyPolicy {
		Assert.hasText(header, "'header' must not be empty");
		Assert.isTrue((!lease.isNegative() && !lease.isZero()), "'lease' must be positive");
		Assert.isTrue(ttl.compareTo(lease) >= 0, "'ttl' must not be shorter than 'lease'");
		Set<String> upper = new TreeSet<>();
		methods.forEach((method) -> upper.add(method.trim().toUpperCase(Locale.ROOT)));
		methods = Set.copyOf(upper);
		replayHeaders = replayHeaders.stream().filter((name) -> isReplayable(name, "")).toList();
	}

	/**
	 * A policy whose endpoints are not transactional unless annotated so.
	 * @param header the request header carrying the key
	 * @param methods the HTTP methods handled without an annotation
	 * @param requireKey whether requests with those methods must carry a key
	 * @param ttl how long completed responses are kept
	 * @param lease how long a claim counts as in flight
	 * @param maxRequestSize the largest body fingerprinted
	 * @param maxResponseSize the largest body stored
	 * @param replayHeaders the response headers stored and replayed
	 * @param storeServerErrors whether unexpected 500 responses are stored
	 * @param failOpen whether requests run without idempotency when the store is unreachable
	 * @param storeRetryAfter the {@code Retry-After} of the 503 answered when the store is unreachable
	 */
	public IdempotencyPolicy(String header, Set<String> methods, boolean requireKey, Duration ttl, Duration lease,
			long maxRequestSize, long maxResponseSize, List<String> replayHeaders, boolean storeServerErrors,
			boolean failOpen, Duration storeRetryAfter) {
		this(header, methods, requireKey, ttl, lease, maxRequestSize, maxResponseSize, replayHeaders,
				storeServerErrors, failOpen, storeRetryAfter, false);
	}

	/**
	 * Whether a response header may be stored and replayed.
	 * @param name the header name
	 * @param requestIdHeader the request id header, also never replayed
	 * @return whether it may be replayed
	 */
	public static boolean isReplayable(String name, String requestIdHeader) {
		String lower = name.toLowerCase(Locale.ROOT);
		return !NEVER_REPLAYED.contains(lower) && !lower.equalsIgnoreCase(requestIdHeader)
				&& !lower.startsWith("x-ratelimit") && !lower.startsWith("ratelimit");
	}

}
