package io.github.apiguard.client.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How apiguard tells clients apart ({@code apiguard.client.*}), for idempotency scopes and rate limits.
 *
 * @param apiKeyHeaders Headers that carry an API key, used (hashed) when no principal is authenticated and
 * no Authorization header is present.
 * @param trustedProxies Addresses or CIDR ranges of proxies whose Forwarded and X-Forwarded-For headers are
 * believed; from anyone else those headers are ignored.
 */
@ConfigurationProperties("apiguard.client")
public record ClientProperties(@DefaultValue("X-API-Key") List<String> apiKeyHeaders,
		@DefaultValue List<String> trustedProxies) {

}
