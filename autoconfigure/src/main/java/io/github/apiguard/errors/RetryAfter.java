package io.github.apiguard.errors;

import java.time.Duration;
import java.time.Instant;

/**
 * How apiguard turns a delay into {@code Retry-After} seconds, for every error that carries one
 * ({@link ApiException#retryAfter(Duration)}, rate-limit rejections, idempotency's in-flight, capacity and
 * store answers): whole seconds, always rounded up, since a client that waits a rounded-down delay comes back
 * before it may and is turned away again.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * Whole seconds, rounded up, never negative.
	 * @param delay a delay
	 * @return the seconds, {@code 0} for a delay of zero or less
	 */
	public static long seconds(Duration delay) {
		if (delay.isNegative() || delay.isZero()) {
			return 0;
		}
		return delay.getSeconds() + ((delay.getNano() > 0) ? 1 : 0);
	}

	/**
	 * The {@code Retry-After} of a guard's rejection: {@link #seconds(Duration)}, but at least one second, as
	 * {@code 0} would invite an immediate retry that is rejected again.
	 * @param delay how long until the request may succeed
	 * @return the seconds, at least {@code 1}
	 */
	public static long ofRejection(Duration delay) {
		return Math.max(1, seconds(delay));
	}

	/**
	 * An instant rounded up to the whole second, as reset times ({@code reset_at}, an epoch
	 * {@code X-RateLimit-Reset}) are written.
	 * @param instant an instant
	 * @return the instant without a fraction
	 */
	public static Instant ceiling(Instant instant) {
		return (instant.getNano() == 0) ? instant : Instant.ofEpochSecond(instant.getEpochSecond() + 1);
	}

}
