package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A plain {@link ErrorCode} value.
 *
 * @param code the machine code
 * @param status the HTTP status
 * @param defaultMessage the default message
 * @param retryable whether a client may retry unchanged
 * @param title the brief title, or {@code null} for the reason phrase
 */
public record SimpleErrorCode(String code, int status, String defaultMessage, boolean retryable,
		@Nullable String title) implements ErrorCode {

	public SimpleErrorCode {
		Assert.hasText(code, "'code' must not be empty");
		Assert.isTrue(ErrorCode.isErrorStatus(status),
				() -> "'status' must be an error status (400 to 599), not " + status + " (code " + code + ")");
		Assert.notNull(defaultMessage, "'defaultMessage' must not be null");
	}

}
