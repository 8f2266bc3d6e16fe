package io.github.apiguard.ratelimit;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.ErrorCode;

/**
 * The codes of rate limits beyond HTTP's own {@code rate_limit_exceeded} (the 429 of any rolling rate, kept
 * among the built-in codes since it is the code of the status). Like the built-in codes they follow
 * {@code apiguard.errors.code-style} and are remapped under {@code apiguard.errors.codes.<name>}; the rate
 * limit auto-configuration contributes them to the catalogue.
 */
public enum RateLimitErrorCode implements ApiguardErrorCode {

	/** 429: a calendar quota (day, month) is used up. */
	QUOTA_EXCEEDED(429, "The quota for this period is used up.");

	private final int status;

	private final String defaultMessage;

	RateLimitErrorCode(int status, String defaultMessage) {
		this.status = status;
		this.defaultMessage = defaultMessage;
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
	public @Nullable String title() {
		return null;
	}

	@Override
	public boolean retryable() {
		return ErrorCode.isRetryableStatus(this.status);
	}

}
