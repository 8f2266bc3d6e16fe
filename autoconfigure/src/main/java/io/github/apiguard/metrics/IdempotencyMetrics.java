package io.github.apiguard.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.function.SingletonSupplier;

import io.github.apiguard.idempotency.IdempotencyListener;

/**
 * Publishes idempotency outcomes ({@value ApiguardMeters#IDEMPOTENCY_OUTCOMES}) and the latency of the
 * store ({@value ApiguardMeters#STORE_OPERATIONS}, operations {@code claim}, {@code complete},
 * {@code release} and {@code renew}).
 */
public class IdempotencyMetrics implements IdempotencyListener {

	private final MeterRegistry registry;

	private final Supplier<String> store;

	/**
	 * Creates the listener.
	 * @param registry where the meters are registered
	 * @param store the {@code store} tag (the configured store's type, see {@link io.github.apiguard.store.ConfiguredStore#tag}), asked for once, when
	 * the store is first timed
	 */
	public IdempotencyMetrics(MeterRegistry registry, Supplier<String> store) {
		this.registry = registry;
		this.store = SingletonSupplier.of(store);
	}

	@Override
	public void outcome(Outcome outcome) {
		this.registry.counter(ApiguardMeters.IDEMPOTENCY_OUTCOMES, "outcome", outcome.tagValue()).increment();
	}

	@Override
	public void storeCalled(String operation, Duration duration, boolean failed) {
		Timer.builder(ApiguardMeters.STORE_OPERATIONS)
			.description("Latency of apiguard's store operations")
			.tags("feature", "idempotency", "store", this.store.get(), "operation", operation, "outcome",
					failed ? "failure" : "success")
			.register(this.registry)
			.record(duration);
	}

}
