package io.github.apiguard.store;

import org.jspecify.annotations.Nullable;

/**
 * The store the auto-configuration built for a guard: its type, which tags the guard's store meters, and the
 * circuit breaker in front of it when it is remote. There is none when the application declared its own store
 * (its meters are tagged {@code custom}); beans {@code apiguardIdempotencyConfiguredStore} and
 * {@code apiguardRateLimitConfiguredStore}.
 *
 * @param type the store's type, never {@link StoreType#AUTO}: what {@code auto} resolved to
 * @param breaker the circuit breaker in front of a remote store, {@code null} for one in memory
 */
public record ConfiguredStore(StoreType type, @Nullable CircuitBreaker breaker) {

	/** The {@code store} tag of a store the application declared itself. */
	public static final String CUSTOM = "custom";

	public ConfiguredStore {
		if (type == StoreType.AUTO) {
			throw new IllegalArgumentException("A configured store has a concrete type, not auto");
		}
	}

	/**
	 * The {@code store} tag of a guard's meters.
	 * @param store the guard's configured store, {@code null} when the application declared its own
	 * @return e.g. {@code redis}, or {@value #CUSTOM}
	 */
	public static String tag(@Nullable ConfiguredStore store) {
		return (store != null) ? store.type().tagValue() : CUSTOM;
	}

}
