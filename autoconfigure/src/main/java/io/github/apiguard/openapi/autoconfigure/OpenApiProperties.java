package io.github.apiguard.openapi.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of apiguard's springdoc-openapi integration ({@code apiguard.openapi.*}).
 *
 * @param enabled Whether apiguard adds its envelope schema and error responses to the OpenAPI document.
 * @param schemaName The name of the envelope's schema component.
 * @param securedPaths Path patterns (e.g. /v1/**) of operations documented with 401 and 403, besides those with security requirements or method security annotations.
 */
@ConfigurationProperties("apiguard.openapi")
public record OpenApiProperties(@DefaultValue("true") boolean enabled, @DefaultValue("ApiError") String schemaName,
		@Nullable List<String> securedPaths) {

	public OpenApiProperties {
		securedPaths = (securedPaths != null) ? securedPaths : List.of();
	}

}
