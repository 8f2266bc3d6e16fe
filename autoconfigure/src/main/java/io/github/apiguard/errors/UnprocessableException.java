package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 422 Unprocessable Content: well-formed, but semantically invalid.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#UNPROCESSABLE UNPROCESSABLE} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class UnprocessableException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public UnprocessableException() {
		super(BuiltInErrorCode.UNPROCESSABLE);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public UnprocessableException(@Nullable String message) {
		super(BuiltInErrorCode.UNPROCESSABLE, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 422.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public UnprocessableException(String code, String message) {
		super(ErrorCode.of(code, 422, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public UnprocessableException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.UNPROCESSABLE, message, cause);
	}

}
