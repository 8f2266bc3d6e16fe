package io.github.apiguard.idempotency;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.ErrorCode;

/**
 * The codes idempotency answers with. Like HTTP's built-in codes they follow
 * {@code apiguard.errors.code-style} and are remapped under {@code apiguard.errors.codes.<name>} (e.g.
 * {@code apiguard.errors.codes.idempotency-conflict.status=422}); idempotency's auto-configuration contributes
 * them to the catalogue.
 */
public enum IdempotencyErrorCode implements ApiguardErrorCode {

	/** 400: the endpoint requires an {@code Idempotency-Key} and none was sent. */
	IDEMPOTENCY_KEY_MISSING(400, "An Idempotency-Key header is required for this request.", false),

	/** 400: the {@code Idempotency-Key} is empty, too long or holds forbidden characters. */
	IDEMPOTENCY_KEY_INVALID(400, "The Idempotency-Key header is malformed.", false),

	/** 409: the key was used before with a different request. */
	IDEMPOTENCY_CONFLICT(409, "This Idempotency-Key was already used with a different request.", false),

	/** 409: a request with the same key is still running; retryable. */
	IDEMPOTENCY_IN_FLIGHT(409, "A request with this Idempotency-Key is still being processed. Retry later.", true),

	/** 409: the first request with this key stopped without recording an outcome. */
	IDEMPOTENCY_OUTCOME_UNKNOWN(409,
			"The outcome of the earlier request with this Idempotency-Key is unknown. Check the resource before retrying.",
			false),

	/**
	 * 409: a transactional request with this key committed its work but its response was not recorded (its
	 * node stopped first); the request is not run again.
	 */
	IDEMPOTENCY_RESPONSE_LOST(409,
			"The earlier request with this Idempotency-Key was completed, but its response was not recorded. Fetch the resource instead of retrying.",
			false),

	/**
	 * 503: the in-memory idempotency store holds as many requests in flight as it may
	 * ({@code apiguard.idempotency.memory.max-claims}); retryable, with {@code Retry-After}.
	 */
	IDEMPOTENCY_CAPACITY_EXCEEDED(503, "Too many requests with an Idempotency-Key are in progress. Retry later.",
			ErrorCode.isRetryableStatus(503));

	private final int status;

	private final String defaultMessage;

	private final boolean retryable;

	IdempotencyErrorCode(int status, String defaultMessage, boolean retryable) {
		this.status = status;
		this.defaultMessage = defaultMessage;
		this.retryable = retryable;
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
		return this.retryable;
	}

}
