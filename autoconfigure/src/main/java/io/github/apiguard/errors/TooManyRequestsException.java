package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 429 Too Many Requests: a rate limit or quota was exceeded; retryable.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#RATE_LIMIT_EXCEEDED RATE_LIMIT_EXCEEDED} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class TooManyRequestsException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public TooManyRequestsException() {
		super(BuiltInErrorCode.RATE_LIMIT_EXCEEDED);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public TooManyRequestsException(@Nullable String message) {
		super(BuiltInErrorCode.RATE_LIMIT_EXCEEDED, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 429.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public TooManyRequestsException(String code, String message) {
		super(ErrorCode.of(code, 429, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public TooManyRequestsException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.RATE_LIMIT_EXCEEDED, message, cause);
	}

}
