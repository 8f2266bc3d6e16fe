package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 500 Internal Server Error: an expected failure the application reports itself; retryable.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#INTERNAL_ERROR INTERNAL_ERROR} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class InternalErrorException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public InternalErrorException() {
		super(BuiltInErrorCode.INTERNAL_ERROR);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public InternalErrorException(@Nullable String message) {
		super(BuiltInErrorCode.INTERNAL_ERROR, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 500.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public InternalErrorException(String code, String message) {
		super(ErrorCode.of(code, 500, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public InternalErrorException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.INTERNAL_ERROR, message, cause);
	}

}
