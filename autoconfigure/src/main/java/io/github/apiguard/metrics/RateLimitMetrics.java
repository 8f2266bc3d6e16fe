package io.github.apiguard.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.function.SingletonSupplier;

import io.github.apiguard.store.OutagePolicy;
import io.github.apiguard.ratelimit.RateLimitListener;

/**
 * Publishes rate-limit decisions ({@value ApiguardMeters#RATE_LIMIT_DECISIONS}), outage decisions
 * ({@value ApiguardMeters#RATE_LIMIT_OUTAGE_DECISIONS}) and the latency of the limiter
 * ({@value ApiguardMeters#STORE_OPERATIONS}, operation {@code acquire}).
 */
public class RateLimitMetrics implements RateLimitListener {

	private final MeterRegistry registry;

	private final Supplier<String> store;

	/**
	 * Creates the listener.
	 * @param registry where the meters are registered
	 * @param store the {@code store} tag (the configured store's type, see {@link io.github.apiguard.store.ConfiguredStore#tag}), asked for once, when
	 * the limiter is first timed
	 */
	public RateLimitMetrics(MeterRegistry registry, Supplier<String> store) {
		this.registry = registry;
		this.store = SingletonSupplier.of(store);
	}

	@Override
	public void decided(String policy, String tier, Outcome outcome) {
		this.registry
			.counter(ApiguardMeters.RATE_LIMIT_DECISIONS, "policy", policy, "tier", tier, "outcome", outcome.tagValue())
			.increment();
	}

	@Override
	public void limiterCalled(Duration duration, boolean failed) {
		Timer.builder(ApiguardMeters.STORE_OPERATIONS)
			.description("Latency of apiguard's store operations")
			.tags("feature", "rate-limit", "store", this.store.get(), "operation", "acquire", "outcome",
					failed ? "failure" : "success")
			.register(this.registry)
			.record(duration);
	}

	@Override
	public void outageDecision(OutagePolicy policy) {
		this.registry
			.counter(ApiguardMeters.RATE_LIMIT_OUTAGE_DECISIONS, "policy", policy.name().toLowerCase(Locale.ROOT))
			.increment();
	}

}
