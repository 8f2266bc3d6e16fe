package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 409 Conflict: the request conflicts with the resource's current state.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#CONFLICT CONFLICT} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class ConflictException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public ConflictException() {
		super(BuiltInErrorCode.CONFLICT);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public ConflictException(@Nullable String message) {
		super(BuiltInErrorCode.CONFLICT, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 409.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public ConflictException(String code, String message) {
		super(ErrorCode.of(code, 409, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public ConflictException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.CONFLICT, message, cause);
	}

}
