package io.github.apiguard.errors.mapping;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;

/**
 * Resolves any exception to an {@link ApiError} through the ordered {@link ExceptionMapper}s, falling back
 * to {@code internal_error}, whose message never comes from the exception. A mapper that throws does not
 * make the error escape: the exception is answered {@code internal_error} and the failure is logged.
 * <p>
 * An exception that no mapper takes as an error and that asks for a status outside 400 to 599 — a
 * {@code ResponseStatusException} or other {@code ErrorResponse} with a redirect, {@code 304} or success
 * status, or an exception annotated {@code @ResponseStatus} with one — is not an error: see
 * {@link #nonErrorResponse(Throwable)}.
 */
public final class ApiErrorResolver {

	private static final Logger logger = LoggerFactory.getLogger(ApiErrorResolver.class);

	private final List<ExceptionMapper> mappers;

	private final ErrorCatalog catalog;

	private final boolean forbiddenAsNotFound;

	private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();

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
	 * The answer for an exception that asks for a status which is not an error, when no mapper takes it as
	 * one: its status and headers ({@code Location} of a redirect), to be written as they are, without an
	 * error body.
	 * @param exception any exception
	 * @return the status and headers, or {@code null} if the exception is an error
	 */
	public @Nullable ResponseEntity<Void> nonErrorResponse(Throwable exception) {
		Throwable target = unwrap(exception);
		ResponseEntity<Void> answer = null;
		if (target instanceof ErrorResponse errorResponse) {
			if (!ErrorCode.isErrorStatus(errorResponse.getStatusCode().value())) {
				answer = ResponseEntity.status(errorResponse.getStatusCode()).headers(errorResponse.getHeaders()).build();
			}
		}
		else {
			ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(target.getClass(),
					ResponseStatus.class);
			if (declared != null && !ErrorCode.isErrorStatus(declared.code().value())) {
				answer = ResponseEntity.status(declared.code()).build();
			}
		}
		// An application's own mapping (properties, @ApiErrorMapping, a mapper bean) still makes it an error.
		return (answer != null && map(target) == null) ? answer : null;
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
			ApiError error;
			try {
				error = mapper.map(exception, this.catalog);
			}
			catch (RuntimeException ex) {
				// Thrown on, the failure would escape every error path; the exception is unmapped instead.
				mapperFailed(mapper, exception, ex);
				return null;
			}
			if (error != null) {
				return (error.cause() != null) ? error : error.mutate().cause(exception).build();
			}
		}
		return null;
	}

	private void mapperFailed(ExceptionMapper mapper, Throwable exception, RuntimeException failure) {
		// Once per mapper and exception type (both finite), so a broken mapping is seen without flooding.
		if (this.reportedFailures.add(mapper.getClass().getName() + " " + exception.getClass().getName())) {
			logger.error("{} failed to map {}, which is answered internal_error: {}", mapper.getClass().getName(),
					exception.getClass().getName(), failure.getMessage(), failure);
		}
		else {
			logger.debug("{} failed again to map {}", mapper.getClass().getName(), exception.getClass().getName(),
					failure);
		}
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
