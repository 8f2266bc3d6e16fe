package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 401 Unauthorized: the credentials are missing, malformed or revoked.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#UNAUTHORIZED UNAUTHORIZED} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class UnauthorizedException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public UnauthorizedException() {
		super(BuiltInErrorCode.UNAUTHORIZED);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public UnauthorizedException(@Nullable String message) {
		super(BuiltInErrorCode.UNAUTHORIZED, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 401.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public UnauthorizedException(String code, String message) {
		super(ErrorCode.of(code, 401, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public UnauthorizedException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.UNAUTHORIZED, message, cause);
	}

}
