package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 404 Not Found: the resource does not exist or is not visible to the caller.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#NOT_FOUND NOT_FOUND} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class NotFoundException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public NotFoundException() {
		super(BuiltInErrorCode.NOT_FOUND);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public NotFoundException(@Nullable String message) {
		super(BuiltInErrorCode.NOT_FOUND, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 404.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public NotFoundException(String code, String message) {
		super(ErrorCode.of(code, 404, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public NotFoundException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.NOT_FOUND, message, cause);
	}

}
