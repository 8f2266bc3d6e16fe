package io.github.apiguard.client.autoconfigure;

import jakarta.servlet.Servlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.github.apiguard.client.ClientAddressResolver;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.client.DefaultClientKeyResolver;

/**
 * Auto-configuration of the {@link ClientKeyResolver} shared by idempotency and rate limits. Start-up fails
 * while a removed {@code apiguard.client.*} property or a renamed apiguard property is set, naming what replaces it, and on an IPv6 prefix
 * length outside 1 to 128; it warns when {@code server.forward-headers-strategy=framework} would let clients
 * choose their own address.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Servlet.class)
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientProperties.class)
public final class ClientAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ClientAutoConfiguration.class);

	ClientAutoConfiguration(Environment environment, ClientProperties properties) {
		RemovedClientProperties.check(environment);
		RenamedProperties.check(environment);
		if ("framework".equalsIgnoreCase(environment.getProperty("server.forward-headers-strategy", ""))) {
			// Spring's ForwardedHeaderFilter believes the leftmost Forwarded/X-Forwarded-For entry, which the
			// client writes: every client could pick its own rate-limit bucket and idempotency scope.
			logger.warn("server.forward-headers-strategy=framework takes the client address from the leftmost "
					+ "Forwarded/X-Forwarded-For entry, which the client itself can write: clients can choose their "
					+ "rate-limit bucket. Use server.forward-headers-strategy=native with "
					+ "server.tomcat.remoteip.internal-proxies naming your proxies.");
		}
		int prefixLength = properties.ipv6PrefixLength();
		if (prefixLength < 1 || prefixLength > 128) {
			throw new InvalidConfigurationPropertyValueException("apiguard.client.ipv6-prefix-length", prefixLength,
					"An IPv6 prefix length is between 1 and 128: 64 (the default) counts a subscriber's /64 as one "
							+ "client, 56 or 48 a whole site, 128 every address on its own.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver apiguardClientAddressResolver(ClientProperties properties) {
		return new ClientAddressResolver(properties.ipv6PrefixLength());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientKeyResolver apiguardClientKeyResolver(ClientAddressResolver addresses) {
		return new DefaultClientKeyResolver(addresses);
	}

}
