package io.github.apiguard.sample;

import io.github.apiguard.errors.ErrorCode;

/**
 * The sample API's own error catalogue, beside apiguard's built-in codes.
 */
public enum SampleErrors implements ErrorCode {

	/** The build is still processing; retry the same request (same Idempotency-Key) later. */
	BUILD_NOT_READY("build_not_ready", 409, "The build is still processing. Retry shortly.", true);

	private final String code;

	private final int status;

	private final String defaultMessage;

	private final boolean retryable;

	SampleErrors(String code, int status, String defaultMessage, boolean retryable) {
		this.code = code;
		this.status = status;
		this.defaultMessage = defaultMessage;
		this.retryable = retryable;
	}

	@Override
	public String code() {
		return this.code;
	}

	@Override
	public int status() {
		return this.status;
	}

	@Override
	public String defaultMessage() {
		return this.defaultMessage;
	}

	@Override
	public boolean retryable() {
		return this.retryable;
	}

}
