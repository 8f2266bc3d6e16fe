package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 502 Bad Gateway: an upstream service failed; retryable.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#BAD_GATEWAY BAD_GATEWAY} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class BadGatewayException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public BadGatewayException() {
		super(BuiltInErrorCode.BAD_GATEWAY);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public BadGatewayException(@Nullable String message) {
		super(BuiltInErrorCode.BAD_GATEWAY, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 502.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public BadGatewayException(String code, String message) {
		super(ErrorCode.of(code, 502, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public BadGatewayException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.BAD_GATEWAY, message, cause);
	}

}
