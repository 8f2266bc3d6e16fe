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
import org.springframework.web.client.RestClient;

import io.github.apiguard.restclient.ApiErrorResponseHandler;
import io.github.apiguard.restclient.ApiErrorRestClientCustomizer;

/**
 * Auto-configuration of the RestClient integration, off unless {@code apiguard.rest-client.error-handler}:
 * every {@link RestClient.Builder} bean gets the {@link ApiErrorResponseHandler}.
 */
@AutoConfiguration
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "apiguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("apiguard.rest-client.error-handler")
@EnableConfigurationProperties(RestClientProperties.class)
public final class RestClientErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ApiErrorRestClientCustomizer apiguardRestClientCustomizer(ObjectProvider<JsonMapper> jsonMapper) {
		return new ApiErrorRestClientCustomizer(new ApiErrorResponseHandler(jsonMapper.getIfAvailable(JsonMapper::shared)));
	}

}
