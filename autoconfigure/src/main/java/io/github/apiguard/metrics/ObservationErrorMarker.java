package io.github.apiguard.metrics;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.filter.ServerHttpObservationFilter;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.web.ApiErrorListener;

/**
 * Marks the request's observation ({@code http.server.requests}) with the exception behind a 5xx that
 * apiguard handled. Spring records only exceptions that escape the handler, so without this a handled 5xx
 * would carry {@code exception=none}. 4xx are answers, not failures, and are not marked.
 */
public class ObservationErrorMarker implements ApiErrorListener {

	@Override
	public void onError(ApiError error, HttpServletRequest request) {
		Throwable cause = error.cause();
		if (error.status() >= 500 && cause != null) {
			ServerHttpObservationFilter.findObservationContext(request).ifPresent((context) -> {
				if (context.getError() == null) {
					context.setError(cause);
				}
			});
		}
	}

}
