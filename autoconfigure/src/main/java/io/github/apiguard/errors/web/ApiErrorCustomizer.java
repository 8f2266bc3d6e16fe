package io.github.apiguard.errors.web;

import jakarta.servlet.http.HttpServletRequest;

import io.github.apiguard.errors.ApiError;

/**
 * Adjusts every resolved error before it is logged and rendered, on every error path — to add a detail
 * such as a documentation link, or to reword a message. Customizer beans are applied in
 * {@link org.springframework.core.annotation.Order order}.
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
