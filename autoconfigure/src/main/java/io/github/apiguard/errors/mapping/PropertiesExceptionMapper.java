package io.github.apiguard.errors.mapping;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorDeclaration;

/**
 * Maps exception classes named in configuration, honouring the class hierarchy: the mapping of the
 * nearest configured superclass applies.
 */
public final class PropertiesExceptionMapper implements ExceptionMapper, Ordered {

	private final Map<String, ErrorDeclaration> mappings;

	/**
	 * Creates a mapper.
	 * @param mappings by fully qualified class name
	 */
	public PropertiesExceptionMapper(Map<String, ErrorDeclaration> mappings) {
		this.mappings = Map.copyOf(mappings);
	}

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
			ErrorDeclaration mapping = this.mappings.get(type.getName());
			if (mapping != null) {
				// A third-party exception's own text is never shown: it was not written for the API's clients.
				return mapping.toError(catalog, null).build();
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return PROPERTIES_ORDER;
	}

}
