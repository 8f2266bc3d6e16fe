package io.github.apiguard.client.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Fails start-up while a removed {@code apiguard.client.*} property is still set: ignoring it would quietly
 * change who is limited, and the application would only find out under attack.
 */
final class RemovedClientProperties {

	static final String TRUSTED_PROXIES = "apiguard.client.trusted-proxies";

	static final String API_KEY_HEADERS = "apiguard.client.api-key-headers";

	private RemovedClientProperties() {
	}

	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		binder.bind(TRUSTED_PROXIES, Bindable.listOf(String.class)).ifBound((value) -> {
			throw removed(TRUSTED_PROXIES, value, "apiguard no longer reads forwarding headers itself; it uses "
					+ "the client address the server resolved. Remove " + TRUSTED_PROXIES + " and set "
					+ "server.forward-headers-strategy=native instead, with your proxies' addresses in "
					+ "server.tomcat.remoteip.internal-proxies (CIDR ranges, comma-separated; the default covers "
					+ "loopback and private networks). Tomcat then believes X-Forwarded-For from those proxies "
					+ "only, read from the right.");
		});
		binder.bind(API_KEY_HEADERS, Bindable.listOf(String.class)).ifBound((value) -> {
			throw removed(API_KEY_HEADERS, value, "An API key header no longer identifies a client by being "
					+ "present: anyone can send anyone's key id, or a new key per request. Clients are the "
					+ "principal your security chain authenticated, else their address. Remove " + API_KEY_HEADERS
					+ " and authenticate the keys in your SecurityFilterChain, keeping the key as the "
					+ "Authentication's credentials (e.g. PreAuthenticatedAuthenticationToken) so that "
					+ "apiguard.rate-limit.tiers[*].api-key-prefixes still apply; or declare a ClientKeyResolver "
					+ "bean if something before the application verifies them.");
		});
	}

	private static InvalidConfigurationPropertyValueException removed(String name, List<String> value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(name, String.join(",", value), reason);
	}

}
