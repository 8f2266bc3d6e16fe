package io.github.apiguard.json.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import io.github.apiguard.json.StrictJsonCustomizer;

/**
 * Strict JSON request bodies ({@code apiguard.json.enabled}, on by default): a {@link StrictJsonCustomizer}
 * applied to the {@code JsonMapper} Spring Boot builds, so Spring MVC's converters refuse a value of the wrong
 * type and apiguard answers 400 naming the field.
 */
@AutoConfiguration
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
@ConditionalOnBooleanProperty(name = { "apiguard.enabled", "apiguard.json.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(JsonProperties.class)
public final class JsonAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StrictJsonCustomizer apiguardStrictJsonCustomizer() {
		return new StrictJsonCustomizer();
	}

}
