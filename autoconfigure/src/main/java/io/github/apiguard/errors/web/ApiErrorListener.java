package io.github.apiguard.errors.web;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apiguard.errors.ApiError;

/**
 * Told about every error {@link ApiErrorRenderer} renders, after customization, on every error path — to
 * count errors or mark the request's observation. Listener beans are called in
 * {@link org.springframework.core.annotation.Order order}; without any, nothing is called. A listener that
 * throws is logged and ignored: it never changes the response.
 */
@FunctionalInterface
public interface ApiErrorListener {

	/**
	 * Called for an error about to be written.
	 * @param error the error as rendered (its {@link ApiError#cause() cause} is the exception, if any)
	 * @param request the request being answered
	 */
	void onError(ApiError error, HttpServletRequest request);

}
