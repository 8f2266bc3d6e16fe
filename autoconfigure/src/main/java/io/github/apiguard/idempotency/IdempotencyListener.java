package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.apiguard.listener.Listeners;

/**
 * Told about the outcome of each idempotent request and about every store operation, to publish metrics.
 * Nothing passed identifies a client or a key. The default methods do nothing, and {@link #NONE} is used
 * when no listener is configured.
 */
public interface IdempotencyListener {

	/** A listener that does nothing. */
	IdempotencyListener NONE = new IdempotencyListener() {
	};

	/**
	 * Called for each outcome of an idempotent request: once when its key is claimed, replayed or refused,
	 * and once more when a claimed request ends (completed or released).
	 * @param outcome the outcome
	 */
	default void outcome(Outcome outcome) {
	}

	/**
	 * Called after each call of the {@link IdempotencyStore} made for a request, as apiguard makes it (through
	 * the circuit breaker of a Redis or JDBC store: a call the open breaker refused fails at once); the
	 * auto-configuration times the store only when a listener is registered.
	 * @param operation {@code claim}, {@code complete}, {@code release} (also each background try to release a
	 * claim whose call failed) or {@code renew} (a lease renewal of a request still running)
	 * @param duration how long the call took
	 * @param failed whether it threw
	 */
	default void storeCalled(String operation, Duration duration, boolean failed) {
	}

	/**
	 * A listener calling each of {@code listeners} in turn. A listener that throws is logged (once at WARN)
	 * and ignored: a listener can never change the answer to a request.
	 * @param listeners the listeners
	 * @return {@link #NONE} for none, otherwise a composite that contains their failures
	 */
	static IdempotencyListener of(List<? extends IdempotencyListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		Listeners<IdempotencyListener> all = new Listeners<>(listeners);
		return new IdempotencyListener() {

			@Override
			public void outcome(Outcome outcome) {
				all.each((listener, o, unused, none) -> listener.outcome(o), outcome, null, null);
			}

			@Override
			public void storeCalled(String operation, Duration duration, boolean failed) {
				all.each(IdempotencyListener::storeCalled, operation, duration, failed);
			}

		};
	}

	/**
	 * The outcomes of an idempotent request.
	 */
	enum Outcome {

		/** The key was claimed: the request runs. */
		NEW,

		/** A completed response was replayed. */
		REPLAYED,

		/** The key was used before with a different request: 409. */
		MISMATCH,

		/** A request with the key is still running: 409 with Retry-After. */
		IN_FLIGHT,

		/** An earlier request with the key stopped without an outcome: 409. */
		OUTCOME_UNKNOWN,

		/** A transactional request with the key committed its work, its response was never recorded: 409. */
		RESPONSE_LOST,

		/** The store could not be reached: 503, or the request ran unprotected when failing open. */
		STORE_UNAVAILABLE,

		/** The store holds as many claims in flight as it may (the in-memory store): 503, never run unprotected. */
		CAPACITY_EXCEEDED,

		/** A claimed request's response was stored for replay. */
		COMPLETED,

		/** A claimed request's key was released (a retryable outcome), so a retry runs again. */
		RELEASED;

		/**
		 * The outcome as a metric tag value.
		 * @return e.g. {@code in-flight}
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
