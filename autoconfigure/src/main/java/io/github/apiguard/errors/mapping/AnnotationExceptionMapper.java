package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.StringUtils;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ApiErrorMapping;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;

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
		ApiErrorMapping mapping = annotation.synthesize();
		int status = mapping.status();
		if (!ErrorCode.isErrorStatus(status)) {
			// Only seen now, when the exception is thrown: the resolver logs this and answers internal_error.
			Object declarer = annotation.getSource();
			throw new IllegalStateException("@ApiErrorMapping on "
					+ ((declarer instanceof Class<?> type) ? type.getName() : declarer) + " declares status " + status
					+ "; an error's status is 400 to 599 (to answer a redirect or success, throw a "
					+ "ResponseStatusException)");
		}
		ApiError.Builder builder = catalog.error(status);
		if (StringUtils.hasText(mapping.code())) {
			builder = catalog.error(ErrorCode.of(mapping.code(), status, builder.build().message()));
		}
		if (StringUtils.hasText(mapping.message())) {
			builder.message(mapping.message());
		}
		else if (status < 500 && StringUtils.hasText(exception.getMessage())) {
			builder.message(exception.getMessage());
		}
		switch (mapping.retryable()) {
			case YES -> builder.retryable(true);
			case NO -> builder.retryable(false);
			default -> {
			}
		}
		return builder.build();
	}

	@Override
	public int getOrder() {
		return ANNOTATION_ORDER;
	}

}
