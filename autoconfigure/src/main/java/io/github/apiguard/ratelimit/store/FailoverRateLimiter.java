package io.github.apiguard.ratelimit.store;

import io.github.apiguard.ratelimit.Charge;

import io.github.apiguard.ratelimit.Decision;

import io.github.apiguard.ratelimit.RateLimiter;

import io.github.apiguard.ratelimit.OutagePolicy;

import io.github.apiguard.ratelimit.RateLimiterUnavailableException;

import io.github.apiguard.ratelimit.RateLimitListener;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

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
 * outage policy.
 */
public final class FailoverRateLimiter implements RateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(FailoverRateLimiter.class);

	private final RateLimiter primary;

	private final OutagePolicy policy;

	private final @Nullable RateLimiter fallback;

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);

	private final AtomicBoolean trialRunning = new AtomicBoolean();

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
		Assert.isTrue(policy != OutagePolicy.LOCAL || fallback != null, "The local outage policy needs a fallback");
		Assert.isTrue(failureThreshold > 0, "'failureThreshold' must be positive");
		this.primary = primary;
		this.policy = policy;
		this.fallback = fallback;
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
		this.clock = clock;
		this.listener = listener;
	}

	@Override
	public Decision tryAcquire(String client, List<Charge> charges) {
		long now = this.clock.millis();
		boolean trial = false;
		if (isOpen()) {
			if (now < this.openUntil.get() || !this.trialRunning.compareAndSet(false, true)) {
				return outage(client, charges, null);
			}
			trial = true;
		}
		try {
			Decision decision = this.primary.tryAcquire(client, charges);
			if (this.consecutiveFailures.getAndSet(0) >= this.failureThreshold) {
				logger.info("Rate limiter backend is back; limits are shared again");
			}
			this.openUntil.set(Long.MIN_VALUE);
			return decision;
		}
		catch (RateLimiterUnavailableException ex) {
			int failures = this.consecutiveFailures.incrementAndGet();
			if (failures >= this.failureThreshold) {
				this.openUntil.set(now + this.openDuration.toMillis());
				if (failures == this.failureThreshold) {
					logger.warn("Rate limiter backend failed; answering with outage policy {} for at least {}",
							this.policy, this.openDuration, ex);
				}
			}
			return outage(client, charges, ex);
		}
		finally {
			if (trial) {
				this.trialRunning.set(false);
			}
		}
	}

	/**
	 * Whether the breaker is open: requests are answered by the outage policy without calling the backend.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.consecutiveFailures.get() >= this.failureThreshold;
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
			case DENY -> throw new RateLimiterUnavailableException("The rate limiter backend is unavailable", failure);
			case LOCAL -> this.fallback.tryAcquire(client, charges);
		};
	}

}
