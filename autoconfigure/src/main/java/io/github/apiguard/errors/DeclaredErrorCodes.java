package io.github.apiguard.errors;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.StringUtils;

/**
 * Reads {@link ErrorSpec} from enum constants for {@link ErrorCode}'s default methods, once per constant:
 * codes are resolved on every error, so the reflection is not repeated.
 */
final class DeclaredErrorCodes {

	private static final Map<Enum<?>, Optional<SimpleErrorCode>> SPECS = new ConcurrentReferenceHashMap<>();

	private DeclaredErrorCodes() {
	}

	/**
	 * The declared code of an annotated enum constant.
	 * @throws IllegalStateException if the code is not an annotated enum constant
	 */
	static SimpleErrorCode of(ErrorCode code) {
		SimpleErrorCode declared = find(code);
		if (declared == null) {
			throw new IllegalStateException(code.getClass().getName()
					+ " must implement code(), status() and defaultMessage(), or be an enum whose constants carry "
					+ "@ErrorSpec" + ((code instanceof Enum<?> constant) ? " (" + constant.name() + " has none)" : ""));
		}
		return declared;
	}

	/**
	 * The declared code, for the methods with a fallback of their own (retryable, title).
	 */
	static @Nullable SimpleErrorCode find(ErrorCode code) {
		return (code instanceof Enum<?> constant) ? SPECS.computeIfAbsent(constant, DeclaredErrorCodes::read).orElse(null)
				: null;
	}

	private static Optional<SimpleErrorCode> read(Enum<?> constant) {
		ErrorSpec spec;
		try {
			spec = constant.getDeclaringClass().getField(constant.name()).getAnnotation(ErrorSpec.class);
		}
		catch (NoSuchFieldException ex) {
			spec = null;
		}
		if (spec == null) {
			return Optional.empty();
		}
		ErrorDeclaration declaration = ErrorDeclaration.of(spec);
		if (!declaration.hasErrorStatus()) {
			throw new IllegalStateException("@ErrorSpec on " + constant.getDeclaringClass().getName() + "."
					+ constant.name() + " declares status " + spec.status()
					+ "; an error's status is 400 to 599 (a redirect or success is not an error)");
		}
		String code = (declaration.code() != null) ? declaration.code() : constant.name().toLowerCase(Locale.ROOT);
		return Optional.of(new SimpleErrorCode(code, spec.status(), spec.message(), declaration.isRetryable(),
				StringUtils.hasText(spec.title()) ? spec.title() : null));
	}

}
