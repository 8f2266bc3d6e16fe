package io.github.apiguard.metrics;

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
	 * {@code store} (the configured store type, {@code memory}, {@code redis} or {@code jdbc}, or {@code custom}
	 * for the application's own store), {@code operation} and {@code outcome} ({@code success},
	 * {@code failure}).
	 */
	public static final String STORE_OPERATIONS = "apiguard.store.operations";

	private ApiguardMeters() {
	}

}
