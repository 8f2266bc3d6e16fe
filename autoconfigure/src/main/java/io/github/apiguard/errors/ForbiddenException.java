package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 403 Forbidden: the caller is known but not allowed to do this.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#FORBIDDEN FORBIDDEN} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class ForbiddenException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public ForbiddenException() {
		super(BuiltInErrorCode.FORBIDDEN);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public ForbiddenException(@Nullable String message) {
		super(BuiltInErrorCode.FORBIDDEN, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 403.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public ForbiddenException(String code, String message) {
		super(ErrorCode.of(code, 403, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public ForbiddenException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.FORBIDDEN, message, cause);
	}

}
