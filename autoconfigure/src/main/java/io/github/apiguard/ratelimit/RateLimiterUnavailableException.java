package io.github.apiguard.ratelimit;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a rate limiter's backend cannot decide and its outage policy is to deny: the request is
 * answered 503 {@code service_unavailable}, with {@code Retry-After} when the exception carries one.
 */
public class RateLimiterUnavailableException extends RuntimeException {

	private final @Nullable Duration retryAfter;

	/**
	 * Creates an exception.
	 * @param message the message, for logs
	 * @param cause the backend's failure, or {@code null}
	 */
	public RateLimiterUnavailableException(String message, @Nullable Throwable cause) {
		this(message, cause, null);
	}

	/**
	 * Creates an exception that tells clients when to try again.
	 * @param message the message, for logs
	 * @param cause the backend's failure, or {@code null}
	 * @param retryAfter the 503's {@code Retry-After} ({@code apiguard.rate-limit.outage.retry-after}), or
	 * {@code null} for none
	 */
	public RateLimiterUnavailableException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * When clients should try again.
	 * @return the 503's {@code Retry-After}, or {@code null} for none
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
