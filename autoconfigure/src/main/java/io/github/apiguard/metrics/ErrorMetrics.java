package io.github.apiguard.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.web.ApiErrorListener;

/**
 * Counts every rendered error in {@value ApiguardMeters#ERRORS}, tagged with its code and status.
 */
public class ErrorMetrics implements ApiErrorListener {

	private final MeterRegistry registry;

	/**
	 * Creates the listener.
	 * @param registry where the counter is registered
	 */
	public ErrorMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onError(ApiError error, HttpServletRequest request) {
		this.registry.counter(ApiguardMeters.ERRORS, "code", error.code(), "status", Integer.toString(error.status()))
			.increment();
	}

}
