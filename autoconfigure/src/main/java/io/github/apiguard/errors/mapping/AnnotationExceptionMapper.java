package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ApiErrorMapping;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorDeclaration;

/**
 * Maps exceptions whose class (or a superclass) carries {@link ApiErrorMapping}.
 */
public final class AnnotationExceptionMapper implements ExceptionMapper, Ordered {

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		MergedAnnotation<ApiErrorMapping> annotation = MergedAnnotations
			.from(exception.getClass(), SearchStrategy.SUPERCLASS)
			.get(ApiErrorMapping.class);
		if (!annotation.isPresent()) {
			return null;
		}
		ErrorDeclaration declaration = ErrorDeclaration.of(annotation.synthesize());
		int status = declaration.status();
		if (!declaration.hasErrorStatus()) {
			// Only seen now, when the exception is thrown: the resolver logs this and answers internal_error.
			Object declarer = annotation.getSource();
			throw new IllegalStateException("@ApiErrorMapping on "
					+ ((declarer instanceof Class<?> type) ? type.getName() : declarer) + " declares status " + status
					+ "; an error's status is 400 to 599 (to answer a redirect or success, throw a "
					+ "ResponseStatusException)");
		}
		// An application's own 4xx may speak through its message; a 5xx never does.
		return declaration.toError(catalog, (status < 500) ? exception.getMessage() : null).build();
	}

	@Override
	public int getOrder() {
		return ANNOTATION_ORDER;
	}

}
