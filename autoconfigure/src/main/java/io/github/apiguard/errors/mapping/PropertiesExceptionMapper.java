package io.github.apiguard.errors.mapping;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;

/**
 * Maps exception classes named in configuration, honouring the class hierarchy: the mapping of the
 * nearest configured superclass applies.
 */
public final class PropertiesExceptionMapper implements ExceptionMapper, Ordered {

	private final Map<String, ExceptionMapping> mappings;

	/**
	 * Creates a mapper.
	 * @param mappings by fully qualified class name
	 */
	public PropertiesExceptionMapper(Map<String, ExceptionMapping> mappings) {
		this.mappings = Map.copyOf(mappings);
	}

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
			ExceptionMapping mapping = this.mappings.get(type.getName());
			if (mapping != null) {
				return toError(mapping, catalog);
			}
		}
		return null;
	}

	private static ApiError toError(ExceptionMapping mapping, ErrorCatalog catalog) {
		ApiError.Builder builder = StringUtils.hasText(mapping.code())
				? catalog.error(ErrorCode.of(mapping.code(), mapping.status(), catalog.error(mapping.status())
					.build()
					.message()))
				: catalog.error(mapping.status());
		if (StringUtils.hasText(mapping.message())) {
			builder.message(mapping.message());
		}
		return builder.build();
	}

	@Override
	public int getOrder() {
		return PROPERTIES_ORDER;
	}

}
