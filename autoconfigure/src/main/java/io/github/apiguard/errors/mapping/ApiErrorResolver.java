package io.github.apiguard.errors.mapping;

import java.util.List;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Resolves any exception to an {@link ApiError} through the ordered {@link ExceptionMapper}s, falling back
 * to {@code internal_error}, whose message never comes from the exception.
 */
public final class ApiErrorResolver {

	private final List<ExceptionMapper> mappers;

	private final ErrorCatalog catalog;

	private final boolean forbiddenAsNotFound;

	/**
	 * Creates a resolver.
	 * @param mappers the mappers, in order
	 * @param catalog the effective catalogue
	 * @param forbiddenAsNotFound whether a 403 with the built-in {@code forbidden} code is answered as
	 * {@code not_found}, so that private resources are not revealed
	 */
	public ApiErrorResolver(List<ExceptionMapper> mappers, ErrorCatalog catalog, boolean forbiddenAsNotFound) {
		this.mappers = List.copyOf(mappers);
		this.catalog = catalog;
		this.forbiddenAsNotFound = forbiddenAsNotFound;
	}

	/**
	 * The effective catalogue.
	 * @return the catalogue
	 */
	public ErrorCatalog catalog() {
		return this.catalog;
	}

	/**
	 * Resolves an exception.
	 * @param exception any exception
	 * @return the error to render
	 */
	public ApiError resolve(Throwable exception) {
		Throwable target = unwrap(exception);
		ApiError error = map(target);
		if (error == null) {
			error = this.catalog.error(BuiltInErrorCode.INTERNAL_ERROR).cause(target).build();
		}
		return conceal(error);
	}

	/**
	 * Resolves a bare status, as the container reports it on {@code /error}.
	 * @param status the HTTP status
	 * @return the error to render
	 */
	public ApiError resolve(int status) {
		return conceal(this.catalog.error(status).build());
	}

	private @Nullable ApiError map(Throwable exception) {
		for (ExceptionMapper mapper : this.mappers) {
			ApiError error = mapper.map(exception, this.catalog);
			if (error != null) {
				return (error.cause() != null) ? error : error.mutate().cause(exception).build();
			}
		}
		return null;
	}

	private ApiError conceal(ApiError error) {
		if (this.forbiddenAsNotFound && error.status() == 403
				&& error.code().equals(this.catalog.resolve(BuiltInErrorCode.FORBIDDEN).code())) {
			return this.catalog.error(BuiltInErrorCode.NOT_FOUND).cause(error.cause()).build();
		}
		return error;
	}

	private static Throwable unwrap(Throwable exception) {
		Throwable current = exception;
		// The servlet container and filters wrap the real failure in a plain ServletException.
		while (current.getClass() == ServletException.class && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
