package io.github.apiguard.errors.web;

import org.springframework.util.ClassUtils;

/**
 * Recognizes Spring Security's exceptions without loading Spring Security when it is absent.
 */
final class SecurityExceptions {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.security.access.AccessDeniedException", SecurityExceptions.class.getClassLoader());

	private SecurityExceptions() {
	}

	static boolean isSecurityException(Throwable exception) {
		return PRESENT && Types.isSecurityException(exception);
	}

	private static final class Types {

		static boolean isSecurityException(Throwable exception) {
			return exception instanceof org.springframework.security.access.AccessDeniedException
					|| exception instanceof org.springframework.security.core.AuthenticationException;
		}

	}

}
