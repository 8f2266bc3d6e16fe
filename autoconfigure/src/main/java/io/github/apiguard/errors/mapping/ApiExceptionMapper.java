package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ApiException;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Maps {@link ApiException}: its code, explicit message, details, headers and retryability.
 */
public final class ApiExceptionMapper implements ExceptionMapper, Ordered {

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		if (!(exception instanceof ApiException apiException)) {
			return null;
		}
		ApiError.Builder builder = catalog.error(apiException.getErrorCode())
			.details(apiException.getDetails())
			.headers(apiException.getHeaders())
			.cause(apiException);
		if (apiException.getExplicitMessage() != null) {
			builder.message(apiException.getExplicitMessage());
		}
		if (apiException.hasRetryableOverride()) {
			builder.retryable(apiException.isRetryable());
		}
		return builder.build();
	}

	@Override
	public int getOrder() {
		return API_EXCEPTION_ORDER;
	}

}
