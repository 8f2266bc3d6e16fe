package io.github.apiguard.errors.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.web.ApiErrorRenderer;

/**
 * Answers Spring Security's authentication failures (401) in the configured envelope, with a
 * {@code WWW-Authenticate} challenge.
 */
public class ApiErrorAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ApiErrorRenderer renderer;

	private final @Nullable String challenge;

	/**
	 * Creates the entry point.
	 * @param renderer the renderer
	 * @param challenge the {@code WWW-Authenticate} value, or {@code null}/empty for none
	 */
	public ApiErrorAuthenticationEntryPoint(ApiErrorRenderer renderer, @Nullable String challenge) {
		this.renderer = renderer;
		this.challenge = challenge;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) {
		ApiError error = this.renderer.resolve(authException);
		if (StringUtils.hasText(this.challenge) && !error.headers().containsHeader(HttpHeaders.WWW_AUTHENTICATE)) {
			error = error.mutate().header(HttpHeaders.WWW_AUTHENTICATE, this.challenge).build();
		}
		this.renderer.write(error, request, response);
	}

}
