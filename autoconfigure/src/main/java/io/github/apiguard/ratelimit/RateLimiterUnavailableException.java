package io.github.apiguard.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a rate limiter's backend cannot decide and its outage policy is to deny: the request is
 * answered 503 {@code service_unavailable}.
 */
public class RateLimiterUnavailableException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message the message, for logs
	 * @param cause the backend's failure, or {@code null}
	 */
	public RateLimiterUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
