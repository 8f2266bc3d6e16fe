package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Turns one family of exceptions into an {@link ApiError}. Mappers are beans, consulted in
 * {@link org.springframework.core.annotation.Order order}; the first to answer wins and an unmapped
 * exception becomes {@code internal_error}. Declare a bean to map exceptions of a library apiguard does not
 * know; order it before {@link #API_EXCEPTION_ORDER} to override apiguard's own mappings.
 */
@FunctionalInterface
public interface ExceptionMapper {

	/** Order of the mapper for {@link io.github.apiguard.errors.ApiException}. */
	int API_EXCEPTION_ORDER = 0;

	/** Order of the mapper for {@code apiguard.errors.exceptions}. */
	int PROPERTIES_ORDER = 100;

	/** Order of the mapper for {@link io.github.apiguard.errors.ApiErrorMapping}. */
	int ANNOTATION_ORDER = 200;

	/** Order of the Bean Validation mapper. */
	int VALIDATION_ORDER = 300;

	/** Order of the Spring Security mapper. */
	int SECURITY_ORDER = 400;

	/** Order of the mapper for Spring MVC's own exceptions. */
	int SPRING_WEB_ORDER = 500;

	/**
	 * Maps an exception.
	 * @param exception the exception
	 * @param catalog the effective catalogue, to start errors from codes
	 * @return the error, or {@code null} if this mapper does not handle the exception
	 */
	@Nullable ApiError map(Throwable exception, ErrorCatalog catalog);

}
