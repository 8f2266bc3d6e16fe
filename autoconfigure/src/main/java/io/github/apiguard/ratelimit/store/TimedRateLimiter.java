package io.github.apiguard.ratelimit.store;

import java.time.Duration;
import java.util.List;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.RateLimitListener;
import io.github.apiguard.ratelimit.RateLimiter;

/**
 * Times every call of a limiter and tells the listener ({@link RateLimitListener#limiterCalled}). The
 * auto-configuration puts it around the limiter only when a listener is registered, so that without one no
 * request reads the clock for it.
 */
public final class TimedRateLimiter implements RateLimiter {

	private final RateLimiter delegate;

	private final RateLimitListener listener;

	/**
	 * Creates the decorator.
	 * @param delegate the limiter to time, as the interceptor calls it (an outage policy included)
	 * @param listener told how long each call took and whether it threw
	 */
	public TimedRateLimiter(RateLimiter delegate, RateLimitListener listener) {
		this.delegate = delegate;
		this.listener = listener;
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		long start = System.nanoTime();
		Decision decision;
		try {
			decision = this.delegate.tryAcquire(client, charges);
		}
		catch (RuntimeException ex) {
			this.listener.limiterCalled(Duration.ofNanos(System.nanoTime() - start), true);
			throw ex;
		}
		this.listener.limiterCalled(Duration.ofNanos(System.nanoTime() - start), false);
		return decision;
	}

	/**
	 * The limiter this one times.
	 * @return the limiter
	 */
	public RateLimiter delegate() {
		return this.delegate;
	}

}
