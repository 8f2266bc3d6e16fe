package io.github.apiguard.errors.web;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apiguard.errors.ApiError;

/**
 * Adjusts every resolved error before it is logged and rendered, on every error path — to add a detail
 * such as a documentation link, or to reword a message. Customizer beans are applied in
 * {@link org.springframework.core.annotation.Order order}.
 * <p>
 * A customizer that throws (or returns {@code null}) is skipped: the error is answered as the customizers
 * before it left it, the ones after it still apply, and the failure is logged at WARN with its stack trace
 * the first time, at DEBUG after that.
 */
@FunctionalInterface
public interface ApiErrorCustomizer {

	/**
	 * Customizes an error.
	 * @param error the error so far
	 * @param request the request being answered
	 * @return the error to render (use {@link ApiError#mutate()} to change it)
	 */
	ApiError customize(ApiError error, HttpServletRequest request);

}
