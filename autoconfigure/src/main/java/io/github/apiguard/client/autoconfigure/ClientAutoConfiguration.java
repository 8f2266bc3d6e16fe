package io.github.apiguard.client.autoconfigure;

import jakarta.servlet.Servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.github.apiguard.client.ClientAddressResolver;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.client.DefaultClientKeyResolver;

/**
 * Auto-configuration of the {@link ClientKeyResolver} shared by idempotency and rate limits. Start-up fails
 * while a removed {@code apiguard.client.*} property is set, naming what replaces it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Servlet.class)
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientProperties.class)
public final class ClientAutoConfiguration {

	ClientAutoConfiguration(Environment environment) {
		RemovedClientProperties.check(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver apiguardClientAddressResolver() {
		return new ClientAddressResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientKeyResolver apiguardClientKeyResolver(ClientProperties properties, ClientAddressResolver addresses) {
		return new DefaultClientKeyResolver(properties.apiKeyHeaders(), addresses);
	}

}
