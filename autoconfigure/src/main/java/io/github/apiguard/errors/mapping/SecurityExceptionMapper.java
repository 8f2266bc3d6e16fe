package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;

/**
 * Maps Spring Security's {@link AuthenticationException} to {@code unauthorized} (401) and
 * {@link AccessDeniedException} to {@code forbidden} (403), without their framework messages. Only
 * registered when Spring Security is on the class path.
 */
public final class SecurityExceptionMapper implements ExceptionMapper, Ordered {

	@Override
	public @Nullable ApiError map(Throwable exception, ErrorCatalog catalog) {
		if (exception instanceof AuthenticationException) {
			return catalog.error(BuiltInErrorCode.UNAUTHORIZED).build();
		}
		if (exception instanceof AccessDeniedException) {
			return catalog.error(BuiltInErrorCode.FORBIDDEN).build();
		}
		return null;
	}

	@Override
	public int getOrder() {
		return SECURITY_ORDER;
	}

}
