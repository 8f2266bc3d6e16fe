package io.github.apiguard.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.apiguard.listener.Listeners;
import io.github.apiguard.store.OutagePolicy;

/**
 * Told about rate-limit decisions, how long the limiter took and outage decisions, to publish metrics. Every
 * value passed is of low cardinality: a configured policy name, a tier, an outcome — never a client key or
 * a path. The default methods do nothing, and {@link #NONE} is used when no listener is configured.
 */
public interface RateLimitListener {

	/** A listener that does nothing. */
	RateLimitListener NONE = new RateLimitListener() {
	};

	/**
	 * Called once per policy that applied to a request.
	 * @param policy the policy name
	 * @param tier the client's tier
	 * @param outcome what was decided for the policy
	 */
	default void decided(String policy, String tier, Outcome outcome) {
	}

	/**
	 * Called after each call of the {@link RateLimiter}, as the interceptor makes it (the outage policy
	 * included); the auto-configuration times the limiter only when a listener is registered.
	 * @param duration how long the call took
	 * @param failed whether it threw
	 */
	default void limiterCalled(Duration duration, boolean failed) {
	}

	/**
	 * Called when the outage policy answers because the limiter's backend cannot.
	 * @param policy the outage policy applied
	 */
	default void outageDecision(OutagePolicy policy) {
	}

	/**
	 * A listener calling each of {@code listeners} in turn. A listener that throws is logged (once at WARN)
	 * and ignored: a listener can never change a decision or the answer to a request.
	 * @param listeners the listeners
	 * @return {@link #NONE} for none, otherwise a composite that contains their failures
	 */
	static RateLimitListener of(List<? extends RateLimitListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		Listeners<RateLimitListener> all = new Listeners<>(listeners);
		return new RateLimitListener() {

			@Override
			public void decided(String policy, String tier, Outcome outcome) {
				all.each(RateLimitListener::decided, policy, tier, outcome);
			}

			@Override
			public void limiterCalled(Duration duration, boolean failed) {
				all.each((listener, d, f, none) -> listener.limiterCalled(d, f), duration, failed, null);
			}

			@Override
			public void outageDecision(OutagePolicy policy) {
				all.each((listener, p, unused, none) -> listener.outageDecision(p), policy, null, null);
			}

		};
	}

	/**
	 * What was decided for one policy of a request.
	 */
	enum Outcome {

		/** The request conformed to the policy's limits (and to every other policy's). */
		ALLOWED,

		/** A limit of this policy rejected the request. */
		REJECTED,

		/** The limiter could not decide and the request was answered 503 (outage policy deny). */
		UNAVAILABLE;

		/**
		 * The outcome as a metric tag value.
		 * @return e.g. {@code allowed}
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
