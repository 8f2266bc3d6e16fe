package io.github.apiguard.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * Keeps callers away from a store that is down, so that an outage costs each request nothing rather than a
 * full command timeout. After {@code failureThreshold} consecutive outage failures the breaker opens: for
 * {@code openDuration} every call is {@linkplain Permit#REFUSED refused} without reaching the store. Then
 * one call is let through as a {@linkplain Permit#TRIAL trial} (the others are still refused): its success
 * closes the breaker, its outage opens it for another {@code openDuration}. Recovery needs no restart.
 * <p>
 * Only an outage counts — a failure any call would meet, as the store's classifier tells (for Redis
 * {@link RedisFailures#isOutage}, for a database {@link JdbcFailures#isOutage}). Any other failure concerns
 * the failing call alone: the breaker neither counts it nor closes on it, so one client's bad state never
 * becomes everyone's outage.
 * <p>
 * The breaker reads time from the clock it is given (the application's {@link Clock} bean, when there is
 * one), so tests move it rather than wait. Callers follow one pattern:
 * <pre>{@code
 * Permit permit = breaker.acquire();
 * if (permit == Permit.REFUSED) { ... the outage policy ... }
 * try { result = store.call(); breaker.succeeded(permit); }
 * catch (RuntimeException | Error ex) { if (breaker.failed(permit, ex)) { ... outage ... } throw ex; }
 * }</pre>
 */
public final class CircuitBreaker {

	private static final Logger logger = LoggerFactory.getLogger(CircuitBreaker.class);

	private final String name;

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private final Predicate<Throwable> outage;

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);

	private final AtomicBoolean trialRunning = new AtomicBoolean();

	/**
	 * Creates a breaker.
	 * @param name what is behind it, for logs, e.g. {@code "Idempotency store (redis)"}
	 * @param failureThreshold consecutive outage failures that open it, at least 1
	 * @param openDuration how long it stays open before one call is tried again, not negative
	 * @param clock the clock
	 * @param outage tells an outage from a failure of one call
	 */
	public CircuitBreaker(String name, int failureThreshold, Duration openDuration, Clock clock,
			Predicate<Throwable> outage) {
		Assert.isTrue(failureThreshold > 0, "'failureThreshold' must be positive");
		Assert.isTrue(!openDuration.isNegative(), "'openDuration' must not be negative");
		this.name = name;
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
		this.clock = clock;
		this.outage = outage;
	}

	/**
	 * Asks whether a call may go to the store.
	 * @return {@link Permit#GRANTED} while closed, {@link Permit#TRIAL} for the one call tried once the open
	 * duration has passed, otherwise {@link Permit#REFUSED}; a granted or trial permit must be ended with
	 * {@link #succeeded} or {@link #failed}
	 */
	public Permit acquire() {
		if (!isOpen()) {
			return Permit.GRANTED;
		}
		if (this.clock.millis() < this.openUntil.get() || !this.trialRunning.compareAndSet(false, true)) {
			return Permit.REFUSED;
		}
		return Permit.TRIAL;
	}

	/**
	 * Ends a permitted call that the store answered: the breaker closes.
	 * @param permit the call's permit
	 */
	public void succeeded(Permit permit) {
		if (this.consecutiveFailures.getAndSet(0) >= this.failureThreshold) {
			logger.info("{} answers again; calling it again", this.name);
		}
		this.openUntil.set(Long.MIN_VALUE);
		end(permit);
	}

	/**
	 * Ends a permitted call that failed. An outage is counted, and opens the breaker at the threshold (a failed
	 * trial opens it again); any other failure is not.
	 * @param permit the call's permit
	 * @param failure what the call threw
	 * @return whether the failure is an outage
	 */
	public boolean failed(Permit permit, Throwable failure) {
		try {
			if (!this.outage.test(failure)) {
				return false;
			}
			int failures = this.consecutiveFailures.incrementAndGet();
			if (failures >= this.failureThreshold) {
				this.openUntil.set(this.clock.millis() + this.openDuration.toMillis());
				if (failures == this.failureThreshold) {
					logger.warn("{} failed {} time(s) in a row; not calling it for at least {}: requests get the "
							+ "outage policy meanwhile", this.name, failures, this.openDuration, failure);
				}
			}
			return true;
		}
		finally {
			end(permit);
		}
	}

	/**
	 * Ends a permitted call without counting how it went: for a call no client waits for (a background lease
	 * renewal), whose failure, even an outage, must not open the breaker for every request, nor its success
	 * close it. A trial ended so lets the next call be the trial.
	 * @param permit the call's permit
	 */
	public void abandoned(Permit permit) {
		end(permit);
	}

	private void end(Permit permit) {
		if (permit == Permit.TRIAL) {
			this.trialRunning.set(false);
		}
	}

	/**
	 * Whether the breaker is open: calls are refused, but for one trial per open duration.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.consecutiveFailures.get() >= this.failureThreshold;
	}

	/**
	 * Whether a failure is an outage, by the breaker's classifier.
	 * @param failure what a call threw
	 * @return whether it is an outage
	 */
	public boolean isOutage(Throwable failure) {
		return this.outage.test(failure);
	}

	@Override
	public String toString() {
		return "CircuitBreaker[" + this.name + ", " + (isOpen() ? "open" : "closed") + "]";
	}

	/**
	 * What {@link #acquire()} allows.
	 */
	public enum Permit {

		/** The breaker is open: do not call the store; answer with the outage policy. */
		REFUSED,

		/** The breaker is closed: call the store. */
		GRANTED,

		/** The breaker is open and this call is its one trial: call the store. */
		TRIAL

	}

}
