package io.github.apiguard.errors;

/**
 * Whether an error may be retried unchanged, as declared on {@link ErrorSpec#retryable()},
 * {@link ApiErrorMapping#retryable()} and {@code apiguard.errors.exceptions[...].retryable}.
 */
public enum Retry {

	/** Retryable for 408, 429 and 5xx ({@link ErrorCode#isRetryableStatus(int)}). */
	BY_STATUS,

	/** Always retryable. */
	YES,

	/** Never retryable. */
	NO;

	/**
	 * Whether an error with this policy and a status may be retried.
	 * @param status the error's HTTP status
	 * @return whether a client may retry unchanged
	 */
	public boolean isRetryable(int status) {
		return switch (this) {
			case YES -> true;
			case NO -> false;
			case BY_STATUS -> ErrorCode.isRetryableStatus(status);
		};
	}

}
