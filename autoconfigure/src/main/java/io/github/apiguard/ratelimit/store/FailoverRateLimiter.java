package io.github.apiguard.ratelimit.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.RateLimitListener;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.OutagePolicy;

/**
 * Puts a circuit breaker in front of a remote limiter and applies the {@link OutagePolicy} while it cannot
 * decide. After {@code failureThreshold} consecutive failures the breaker opens: for {@code openDuration}
 * requests go straight to the outage policy, paying no timeout. Then one request tries the backend again
 * (the others still take the outage policy); its success closes the breaker, its failure opens it for
 * another {@code openDuration}. Recovery needs no restart.
 * <p>
 * Only an outage counts: a {@link RateLimiterUnavailableException} from the backend, which
 * {@link RedisRateLimiter} throws for failures any call would meet (no connection, timeouts, a server that
 * refuses service). Any other exception concerns the failing request alone: it is thrown to its caller, and
 * the breaker neither counts it nor closes on it, so one client's bad state never becomes everyone's
 * outage policy. The breaker is the one both guards use ({@link CircuitBreaker}); under {@link OutagePolicy#DENY}
 * the {@link RateLimiterUnavailableException} carries the configured {@code Retry-After}.
 */
public final class FailoverRateLimiter implements RateLimiter {

	/** The {@code Retry-After} of a denial unless the caller says otherwise. */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);

	private final RateLimiter primary;

	private final OutagePolicy policy;

	private final @Nullable RateLimiter fallback;

	private final CircuitBreaker breaker;

	private final Duration retryAfter;

	private final AtomicLong outageDecisions = new AtomicLong();

	private final RateLimitListener listener;

	/**
	 * Creates a limiter.
	 * @param primary the remote limiter
	 * @param policy what to do while it cannot decide
	 * @param fallback the local limiter, required for {@link OutagePolicy#LOCAL}
	 * @param failureThreshold consecutive failures that open the breaker
	 * @param openDuration how long the breaker stays open before the backend is tried again
	 * @param clock the clock
	 */
	public FailoverRateLimiter(RateLimiter primary, OutagePolicy policy, @Nullable RateLimiter fallback,
			int failureThreshold, Duration openDuration, Clock clock) {
		this(primary, policy, fallback, failureThreshold, openDuration, clock, RateLimitListener.NONE);
	}

	/**
	 * Creates a limiter that tells a listener about every outage decision.
	 * @param primary the remote limiter
	 * @param policy what to do while it cannot decide
	 * @param fallback the local limiter, required for {@link OutagePolicy#LOCAL}
	 * @param failureThreshold consecutive failures that open the breaker
	 * @param openDuration how long the breaker stays open before the backend is tried again
	 * @param clock the clock
	 * @param listener told about outage decisions
	 */
	public FailoverRateLimiter(RateLimiter primary, OutagePolicy policy, @Nullable RateLimiter fallback,
			int failureThreshold, Duration openDuration, Clock clock, RateLimitListener listener) {
		this(primary, policy, fallback, new CircuitBreaker("Rate limiter backend", failureThreshold, openDuration,
				clock, RateLimiterUnavailableException.class::isInstance), DEFAULT_RETRY_AFTER, listener);
	}

	/**
	 * Creates a limiter behind a breaker of the caller's, telling a listener about every outage decision.
	 * @param primary the remote limiter
	 * @param policy what to do while it cannot decide
	 * @param fallback the local limiter, required for {@link OutagePolicy#LOCAL}
	 * @param breaker the breaker; it must count {@link RateLimiterUnavailableException}s, the limiter's outages
	 * @param retryAfter the {@code Retry-After} of a denial ({@link RateLimiterUnavailableException#retryAfter()})
	 * @param listener told about outage decisions
	 */
	public FailoverRateLimiter(RateLimiter primary, OutagePolicy policy, @Nullable RateLimiter fallback,
			CircuitBreaker breaker, Duration retryAfter, RateLimitListener listener) {
		Assert.isTrue(policy != OutagePolicy.LOCAL || fallback != null, "The local outage policy needs a fallback");
		this.primary = primary;
		this.policy = policy;
		this.fallback = fallback;
		this.breaker = breaker;
		this.retryAfter = retryAfter;
		this.listener = listener;
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.REFUSED) {
			return outage(client, charges, null);
		}
		Decision decision;
		try {
			decision = this.primary.tryAcquire(client, charges);
		}
		catch (RuntimeException | Error ex) {
			if (this.breaker.failed(permit, ex) && ex instanceof RateLimiterUnavailableException unavailable) {
				return outage(client, charges, unavailable);
			}
			throw ex;
		}
		this.breaker.succeeded(permit);
		return decision;
	}

	/**
	 * Whether the breaker is open: requests are answered by the outage policy without calling the backend.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.breaker.isOpen();
	}

	/**
	 * The circuit breaker in front of the backend.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * How many requests the outage policy has answered since start (with Micrometer, also the
	 * {@code apiguard.rate-limit.outage.decisions} counter).
	 * @return the count
	 */
	public long outageDecisions() {
		return this.outageDecisions.get();
	}

	private Decision outage(String client, List<Charge> charges, @Nullable RuntimeException failure) {
		this.outageDecisions.incrementAndGet();
		this.listener.outageDecision(this.policy);
		return switch (this.policy) {
			case ALLOW -> Decision.unlimited();
			case DENY -> throw new RateLimiterUnavailableException("The rate limiter backend is unavailable", failure,
					this.retryAfter);
			case LOCAL -> this.fallback.tryAcquire(client, charges);
		};
	}

}
