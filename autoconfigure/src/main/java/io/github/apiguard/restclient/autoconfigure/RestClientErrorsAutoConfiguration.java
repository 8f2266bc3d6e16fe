package io.github.apiguard.restclient.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import io.github.apiguard.restclient.ApiErrorResponseHandler;
import io.github.apiguard.restclient.ApiErrorRestClientCustomizer;

/**
 * Auto-configuration of the RestClient integration, off unless {@code apiguard.rest-client.enabled}:
 * every {@link RestClient.Builder} bean gets the {@link ApiErrorResponseHandler}.
 */
@AutoConfiguration
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("apiguard.rest-client.enabled")
@EnableConfigurationProperties(RestClientProperties.class)
public final class RestClientErrorsAutoConfiguration {

	private static final long MAX_BODY_SIZE = DataSize.ofGigabytes(1).toBytes();

	@Bean
	@ConditionalOnMissingBean
	ApiErrorRestClientCustomizer apiguardRestClientCustomizer(ObjectProvider<JsonMapper> jsonMapper,
			RestClientProperties properties) {
		long maxBodySize = properties.maxErrorBodySize().toBytes();
		if (maxBodySize < 1 || maxBodySize > MAX_BODY_SIZE) {
			throw new IllegalStateException("apiguard.rest-client.max-error-body-size is " + properties.maxErrorBodySize()
					+ "; set it between 1B and 1GB (the default is 64KB: error bodies are small)");
		}
		return new ApiErrorRestClientCustomizer(
				new ApiErrorResponseHandler(jsonMapper.getIfAvailable(JsonMapper::shared), (int) maxBodySize));
	}

}
