package io.github.apiguard.client.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Fails start-up while a renamed apiguard property is still set, naming its new name: read under the old name
 * it would quietly do nothing. Checked here because client identity is configured in every servlet
 * application apiguard runs in, whichever features are on.
 */
final class RenamedProperties {

	/** Old name to new name. */
	static final Map<String, String> RENAMED = Map.of("apiguard.json.strict", "apiguard.json.enabled",
			"apiguard.rest-client.error-handler", "apiguard.rest-client.enabled",
			"apiguard.rate-limit.memory.maximum-clients", "apiguard.rate-limit.memory.max-clients");

	private RenamedProperties() {
	}

	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		RENAMED.forEach((old, replacement) -> binder.bind(old, String.class).ifBound((value) -> {
			throw new InvalidConfigurationPropertyValueException(old, value,
					old + " was renamed to " + replacement + ": set " + replacement + "=" + value + " instead.");
		}));
	}

}
