package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * 402 Payment Required: a quota or credit balance is exhausted.
 * <p>
 * Answered with the built-in {@link BuiltInErrorCode#PAYMENT_REQUIRED PAYMENT_REQUIRED} code (spelled and remapped as configured)
 * unless a code of the application's own is given.
 */
public class PaymentRequiredException extends ApiException {

	/**
	 * Creates the exception with the code's default message.
	 */
	public PaymentRequiredException() {
		super(BuiltInErrorCode.PAYMENT_REQUIRED);
	}

	/**
	 * Creates the exception with its own message.
	 * @param message the message shown to the client, or {@code null} for the default
	 */
	public PaymentRequiredException(@Nullable String message) {
		super(BuiltInErrorCode.PAYMENT_REQUIRED, message);
	}

	/**
	 * Creates the exception with a code of the application's own and the status 402.
	 * @param code the machine code, rendered as written
	 * @param message the message shown to the client
	 */
	public PaymentRequiredException(String code, String message) {
		super(ErrorCode.of(code, 402, message), message);
	}

	/**
	 * Creates the exception with a message and a cause; the cause is logged, never rendered.
	 * @param message the message shown to the client, or {@code null} for the default
	 * @param cause the cause
	 */
	public PaymentRequiredException(@Nullable String message, @Nullable Throwable cause) {
		super(BuiltInErrorCode.PAYMENT_REQUIRED, message, cause);
	}

}
