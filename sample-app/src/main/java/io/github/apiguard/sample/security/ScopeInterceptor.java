package io.github.apiguard.sample.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.github.apiguard.errors.ForbiddenException;

/**
 * Enforces {@link RequiresScope} by throwing apiguard's {@link ForbiddenException} with the detail seed 000
 * documents.
 */
class ScopeInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		RequiresScope required = method.getMethodAnnotation(RequiresScope.class);
		if (required == null) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean granted = authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> authority.getAuthority().equals("SCOPE_" + required.value()));
		if (!granted) {
			throw new ForbiddenException("This API key does not have the '" + required.value() + "' scope.")
				.detail("required_scope", required.value());
		}
		return true;
	}

}
