package io.github.apiguard.errors.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the error catalogue ({@code apiguard.errors.catalog.*}).
 *
 * @param enums The application's enums implementing ErrorCode, by fully qualified class name, whose constants are listed in the catalogue (the errorcodes endpoint and its Markdown) after apiguard's built-in codes. ErrorCodeContributor beans add more.
 */
@ConfigurationProperties("apiguard.errors.catalog")
public record ErrorCatalogProperties(@Nullable List<Class<?>> enums) {

	public ErrorCatalogProperties {
		enums = (enums != null) ? enums : List.of();
	}

}
