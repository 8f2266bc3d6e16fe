package io.github.apiguard.ratelimit.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Fails start-up while a removed {@code apiguard.rate-limit.*} store or outage property is still set, naming
 * its replacement: ignored, it would quietly put the default outage policy in its place, and the application
 * would only find out during an outage.
 */
final class RemovedRateLimitProperties {

	/** Each removed property and the one that replaces it. */
	static final Map<String, String> REPLACEMENTS = Map.of("apiguard.rate-limit.redis.on-outage",
			"apiguard.rate-limit.outage.policy", "apiguard.rate-limit.redis.failure-threshold",
			"apiguard.rate-limit.outage.failure-threshold", "apiguard.rate-limit.redis.open-duration",
			"apiguard.rate-limit.outage.open-duration");

	private RemovedRateLimitProperties() {
	}

	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		REPLACEMENTS.forEach((removed, replacement) -> binder.bind(removed, Bindable.of(String.class))
			.ifBound((value) -> {
				throw new InvalidConfigurationPropertyValueException(removed, value,
						"The outage settings of both guards moved under apiguard.<feature>.outage.*: rename it to "
								+ replacement + " (same values).");
			}));
	}

}
