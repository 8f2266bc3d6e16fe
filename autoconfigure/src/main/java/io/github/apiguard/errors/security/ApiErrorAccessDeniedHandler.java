package io.github.apiguard.errors.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.github.apiguard.errors.web.ApiErrorRenderer;

/**
 * Answers Spring Security's access-denied decisions (403, or 404 with
 * {@code apiguard.errors.forbidden-as-not-found}) in the configured envelope.
 */
public class ApiErrorAccessDeniedHandler implements AccessDeniedHandler {

	private final ApiErrorRenderer renderer;

	/**
	 * Creates the handler.
	 * @param renderer the renderer
	 */
	public ApiErrorAccessDeniedHandler(ApiErrorRenderer renderer) {
		this.renderer = renderer;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) {
		this.renderer.write(accessDeniedException, request, response);
	}

}
