package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * One entry of an API's error catalogue: a stable machine code, the HTTP status it is answered with, a
 * default human message and whether a client may retry the same request.
 * <p>
 * Applications declare their own catalogue as an enum implementing this interface, one annotated constant
 * per code (the methods below read {@link ErrorSpec}; an enum or class may implement them instead):
 * <pre>{@code
 * enum BuildErrors implements ErrorCode {
 *     @ErrorSpec(status = 409, message = "The build is still processing.", retryable = Retry.YES)
 *     BUILD_NOT_READY
 * }
 * throw new ApiException(BuildErrors.BUILD_NOT_READY);
 * }</pre>
 * Codes declared by the application are rendered exactly as written; only apiguard's
 * {@link BuiltInErrorCode built-in codes} follow the configured spelling and remapping.
 *
 * @see BuiltInErrorCode
 * @see ApiException
 */
public interface ErrorCode {

	/**
	 * The machine-readable code clients branch on, e.g. {@code not_found}.
	 * @return the code, never blank
	 */
	default String code() {
		return DeclaredErrorCodes.of(this).code();
	}

	/**
	 * The HTTP status this code is answered with.
	 * @return a status between 400 and 599
	 */
	default int status() {
		return DeclaredErrorCodes.of(this).status();
	}

	/**
	 * The message used when the exception does not carry its own.
	 * @return a message safe to show to end users
	 */
	default String defaultMessage() {
		return DeclaredErrorCodes.of(this).defaultMessage();
	}

	/**
	 * Whether repeating the same request may succeed. Idempotency does not store retryable outcomes, so a
	 * retry with the same {@code Idempotency-Key} runs again. Defaults to {@code true} for 408, 429 and 5xx.
	 * @return whether a client may retry unchanged
	 */
	default boolean retryable() {
		SimpleErrorCode declared = DeclaredErrorCodes.find(this);
		return (declared != null) ? declared.retryable() : isRetryableStatus(status());
	}

	/**
	 * A brief, fixed description of this kind of error (the RFC 9457 {@code title}, or the top-level
	 * {@code message} of a wrapped envelope). {@code null} falls back to the HTTP reason phrase.
	 * @return the title, or {@code null}
	 */
	default @Nullable String title() {
		SimpleErrorCode declared = DeclaredErrorCodes.find(this);
		return (declared != null) ? declared.title() : null;
	}

	/**
	 * Creates an ad-hoc code, for applications that do not keep an enum.
	 * @param code the machine code
	 * @param status the HTTP status
	 * @param defaultMessage the default message
	 * @return the code
	 */
	static ErrorCode of(String code, int status, String defaultMessage) {
		return new SimpleErrorCode(code, status, defaultMessage, isRetryableStatus(status), null);
	}

	/**
	 * Whether a status is an error's: 400 to 599. Any other status an exception asks for (a redirect, a
	 * {@code 304}) is not an error and is answered as it is.
	 * @param status the HTTP status
	 * @return whether it is a 4xx or 5xx
	 */
	static boolean isErrorStatus(int status) {
		return status >= 400 && status <= 599;
	}

	/**
	 * Whether a status is retryable by default: 408, 429 and every 5xx.
	 * @param status the HTTP status
	 * @return whether clients may retry it unchanged
	 */
	static boolean isRetryableStatus(int status) {
		return status == 408 || status == 429 || status >= 500;
	}

}
