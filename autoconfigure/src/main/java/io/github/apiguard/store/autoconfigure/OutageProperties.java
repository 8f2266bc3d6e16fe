package io.github.apiguard.store.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.OutagePolicy;

/**
 * What a guard's requests get while its store cannot be reached, and the circuit breaker in front of a
 * remote store: one shape for both guards ({@code apiguard.idempotency.outage.*} and
 * {@code apiguard.rate-limit.outage.*}).
 *
 * @param policy What requests get while the store cannot be reached: allow (through without the guard), deny (503 service_unavailable with Retry-After) or local (rate limits only: in-memory limits on this node). Defaults to local for rate limits and deny for idempotency.
 * @param retryAfter The Retry-After of the 503 answered under the deny policy.
 * @param failureThreshold How many consecutive outage failures of a remote store (Redis, a database) open its circuit breaker, at least 1.
 * @param openDuration How long the open breaker keeps requests away from the store, answering them with the policy at once, before one request tries it again; not negative.
 */
public record OutageProperties(@Nullable OutagePolicy policy, @DefaultValue("2s") Duration retryAfter,
		@DefaultValue("1") int failureThreshold, @DefaultValue("5s") Duration openDuration) {

	/**
	 * The same settings with the guard's default policy when none is set.
	 * @param defaultPolicy the guard's default
	 * @return the settings
	 */
	public OutageProperties withDefaultPolicy(OutagePolicy defaultPolicy) {
		return (this.policy != null) ? this
				: new OutageProperties(defaultPolicy, this.retryAfter, this.failureThreshold, this.openDuration);
	}

	/**
	 * The policy, once the guard's properties applied their default ({@link #withDefaultPolicy}).
	 * @return the policy
	 */
	public OutagePolicy effectivePolicy() {
		if (this.policy == null) {
			throw new IllegalStateException("No outage policy: the guard's properties apply their default");
		}
		return this.policy;
	}

	/**
	 * Fails the binding, naming the property, for a value that cannot work.
	 * @param prefix the guard's outage prefix, e.g. {@code apiguard.rate-limit.outage}
	 */
	public void validate(String prefix) {
		if (this.retryAfter.isNegative() || this.retryAfter.isZero()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".retry-after", this.retryAfter,
					"The Retry-After must be positive, e.g. 2s: it tells clients when to try again.");
		}
		if (this.failureThreshold < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".failure-threshold", this.failureThreshold,
					"The breaker opens after at least 1 failure; use 1 to open it at the first.");
		}
		if (this.openDuration.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".open-duration", this.openDuration,
					"The open duration must not be negative, e.g. 5s.");
		}
	}

	/**
	 * A circuit breaker with these settings.
	 * @param name what is behind it, for logs
	 * @param clock the clock it reads
	 * @param outage tells the store's outages from failures of one call
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker(String name, Clock clock, Predicate<Throwable> outage) {
		return new CircuitBreaker(name, this.failureThreshold, this.openDuration, clock, outage);
	}

}
