package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 413 Payload Too Large: the request body exceeds what the endpoint accepts.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#PAYLOAD_TOO_LARGE PAYLOAD_TOO_LARGE} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class PayloadTooLargeException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public PayloadTooLargeException() {
		super(BuiltInErrorCode.PAYLOAD_TOO_LARGE);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public PayloadTooLargeException(@Nullable String message) {
		super(BuiltInErrorCode.PAYLOAD_TOO_LARGE, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 413.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public PayloadTooLargeException(String code, String message) {
		super(ErrorCode.of(code, 413, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public PayloadTooLargeException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.PAYLOAD_TOO_LARGE, message, cause);
	}

}
