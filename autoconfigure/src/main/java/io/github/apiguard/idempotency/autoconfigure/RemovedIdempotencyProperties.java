package io.github.apiguard.idempotency.autoconfigure;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Fails start-up while a removed {@code apiguard.idempotency.*} outage property is still set, naming its
 * replacement: ignored, {@code fail-open=true} would quietly turn into 503s during an outage, and the
 * application would only find out then.
 */
final class RemovedIdempotencyProperties {

	static final String FAIL_OPEN = "apiguard.idempotency.fail-open";

	static final String STORE_RETRY_AFTER = "apiguard.idempotency.store-retry-after";

	private RemovedIdempotencyProperties() {
	}

	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		binder.bind(FAIL_OPEN, Bindable.of(String.class)).ifBound((value) -> {
			throw new InvalidConfigurationPropertyValueException(FAIL_OPEN, value,
					"The outage settings of both guards moved under apiguard.<feature>.outage.*: replace it with "
							+ "apiguard.idempotency.outage.policy=allow (for fail-open=true) or deny (for false, the "
							+ "default).");
		});
		binder.bind(STORE_RETRY_AFTER, Bindable.of(String.class)).ifBound((value) -> {
			throw new InvalidConfigurationPropertyValueException(STORE_RETRY_AFTER, value,
					"The outage settings of both guards moved under apiguard.<feature>.outage.*: rename it to "
							+ "apiguard.idempotency.outage.retry-after (same value).");
		});
	}

}
