package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 400 Bad Request: the request is malformed or misses a required field.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#INVALID_REQUEST INVALID_REQUEST} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class BadRequestException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public BadRequestException() {
		super(BuiltInErrorCode.INVALID_REQUEST);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public BadRequestException(@Nullable String message) {
		super(BuiltInErrorCode.INVALID_REQUEST, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 400.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public BadRequestException(String code, String message) {
		super(ErrorCode.of(code, 400, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public BadRequestException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.INVALID_REQUEST, message, cause);
	}

}
