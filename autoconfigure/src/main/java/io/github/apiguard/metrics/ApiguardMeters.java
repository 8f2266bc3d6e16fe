package io.github.apiguard.metrics;

import java.util.Locale;

/**
 * The names and tag values of apiguard's meters.
 */
public final class ApiguardMeters {

	/** Counter of rendered errors, tagged {@code code} and {@code status}. */
	public static final String ERRORS = "apiguard.errors";

	/** Counter of rate-limit decisions per policy, tagged {@code policy}, {@code tier} and {@code outcome}. */
	public static final String RATE_LIMIT_DECISIONS = "apiguard.rate-limit.decisions";

	/** Counter of decisions taken by the outage policy while the limiter's backend is down, tagged {@code policy}. */
	public static final String RATE_LIMIT_OUTAGE_DECISIONS = "apiguard.rate-limit.outage.decisions";

	/** Counter of idempotency outcomes, tagged {@code outcome}. */
	public static final String IDEMPOTENCY_OUTCOMES = "apiguard.idempotency.outcomes";

	/**
	 * Timer of store operations, tagged {@code feature} ({@code idempotency}, {@code rate-limit}),
	 * {@code store} ({@code memory}, {@code redis} or the store's class name), {@code operation} and
	 * {@code outcome} ({@code success}, {@code failure}).
	 */
	public static final String STORE_OPERATIONS = "apiguard.store.operations";

	private ApiguardMeters() {
	}

	/**
	 * The {@code store} tag of a store or limiter: {@code memory}, {@code redis}, or its simple class name.
	 * @param store the store or limiter bean
	 * @return the tag value
	 */
	public static String storeType(Object store) {
		String name = store.getClass().getSimpleName();
		if (name.startsWith("InMemory")) {
			return "memory";
		}
		if (name.startsWith("Redis") || name.equals("FailoverRateLimiter")) {
			return "redis";
		}
		return name.isEmpty() ? "custom" : name.toLowerCase(Locale.ROOT);
	}

}
