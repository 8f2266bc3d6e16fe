package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * What an error is declared to be answered with: status, code, message and retryability. One value for the
 * three places an application declares errors: {@link ErrorSpec} on an enum constant, {@link ApiErrorMapping}
 * on an exception class and {@code apiguard.errors.exceptions[<class name>]} for a class it cannot annotate.
 *
 * @param status the HTTP status, 400 to 599
 * @param code the machine code, or {@code null} (empty) for the built-in code of the status
 * @param message a fixed message, or {@code null} (empty) for the code's default
 * @param retryable whether clients may retry unchanged; {@code null} (unset in configuration) reads as
 * {@link Retry#BY_STATUS}
 */
public record ErrorDeclaration(int status, @Nullable String code, @Nullable String message, Retry retryable) {

	public ErrorDeclaration {
		code = StringUtils.hasText(code) ? code : null;
		message = StringUtils.hasText(message) ? message : null;
		retryable = (retryable != null) ? retryable : Retry.BY_STATUS;
	}

	/**
	 * The declaration of an {@link ErrorSpec}.
	 * @param spec the annotation
	 * @return its declaration
	 */
	public static ErrorDeclaration of(ErrorSpec spec) {
		return new ErrorDeclaration(spec.status(), spec.code(), spec.message(), spec.retryable());
	}

	/**
	 * The declaration of an {@link ApiErrorMapping}.
	 * @param mapping the annotation
	 * @return its declaration
	 */
	public static ErrorDeclaration of(ApiErrorMapping mapping) {
		return new ErrorDeclaration(mapping.status(), mapping.code(), mapping.message(), mapping.retryable());
	}

	/**
	 * Whether the declared status is an error's, 400 to 599.
	 * @return whether it is a 4xx or 5xx
	 */
	public boolean hasErrorStatus() {
		return ErrorCode.isErrorStatus(this.status);
	}

	/**
	 * Whether clients may retry an error so declared.
	 * @return the declared retryability, or the status's
	 */
	public boolean isRetryable() {
		return this.retryable.isRetryable(this.status);
	}

	/**
	 * Starts the error answered for this declaration: the declared code (or the built-in code of the status,
	 * configured as the catalogue says), status, message and retryability.
	 * @param catalog the effective catalogue
	 * @param fallbackMessage the message used when none is declared (an application exception's own text for a
	 * 4xx), or {@code null} for the code's default
	 * @return a builder, for details or headers
	 */
	public ApiError.Builder toError(ErrorCatalog catalog, @Nullable String fallbackMessage) {
		ApiError.Builder builder = catalog.error(this.status);
		if (this.code != null) {
			builder = catalog.error(ErrorCode.of(this.code, this.status, builder.build().message()));
		}
		if (this.message != null) {
			builder.message(this.message);
		}
		else if (StringUtils.hasText(fallbackMessage)) {
			builder.message(fallbackMessage);
		}
		if (this.retryable != Retry.BY_STATUS) {
			builder.retryable(isRetryable());
		}
		return builder;
	}

}
