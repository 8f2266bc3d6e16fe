package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 503 Service Unavailable: maintenance or a temporary outage; retryable.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#SERVICE_UNAVAILABLE SERVICE_UNAVAILABLE} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class ServiceUnavailableException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public ServiceUnavailableException() {
		super(BuiltInErrorCode.SERVICE_UNAVAILABLE);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public ServiceUnavailableException(@Nullable String message) {
		super(BuiltInErrorCode.SERVICE_UNAVAILABLE, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 503.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public ServiceUnavailableException(String code, String message) {
		super(ErrorCode.of(code, 503, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public ServiceUnavailableException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.SERVICE_UNAVAILABLE, message, cause);
	}

}
