package io.github.apiguard.idempotency.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import io.github.apiguard.idempotency.IdempotencyStore;

/**
 * Keeps the claims of idempotent requests honest, on one daemon thread of its own:
 * <ul>
 * <li>the leases of running requests stay alive: every third of the lease, while the handler runs, the claim
 * is renewed. So the lease can stay short — a crashed node's keys answer "outcome unknown" soon — while a slow
 * handler is never taken for crashed. Renewal stops when the request ends, and for good as soon as the store
 * reports the claim lost;</li>
 * <li>claims in doubt are released: when a claim fails (a Redis command timeout, say) the store may still have
 * run it, and its key would then answer "in flight", and "outcome unknown" for a whole TTL, though the
 * request never ran. So the claim is released by its owner token — which only ever deletes that very claim —
 * retried with back-off until the store answers, or until the record the claim would have made has expired
 * anyway.</li>
 * </ul>
 */
public class IdempotencyLeaseRenewer implements DisposableBean {

	/** The first retry of a release in doubt waits this long; each failure doubles the wait. */
	static final Duration FIRST_RETRY = Duration.ofMillis(100);

	/**
	 * The longest wait between two tries of a release in doubt: once the store is back, a key is free again
	 * within about this long, ahead of a client honouring the 503's {@code Retry-After}.
	 */
	static final Duration LONGEST_RETRY = Duration.ofSeconds(1);

	/** The most releases in doubt kept waiting for the store, so that a long outage cannot exhaust memory. */
	static final int MAX_RELEASES_IN_DOUBT = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyLeaseRenewer.class);

	private final IdempotencyStore store;

	private final Duration lease;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final Queue<InDoubt> inDoubt = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inDoubtCount = new AtomicInteger();

	// Whether a task releasing claims in doubt is running or scheduled: there is never more than one, so a
	// failing store gets one call per back-off, not one per claim.
	private final AtomicBoolean releasing = new AtomicBoolean();

	private final AtomicBoolean warnedFull = new AtomicBoolean();

	// Only read and written by the one releasing task.
	private Duration retryDelay = FIRST_RETRY;

	/**
	 * Creates a renewer with its own daemon thread. Its store calls are timed, when a listener wants them, by
	 * the store it is given (the auto-configuration's {@code TimedIdempotencyStore}).
	 * @param store the store
	 * @param lease the lease to renew to
	 */
	public IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease) {
		this(store, lease, new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = Executors.defaultThreadFactory().newThread(task);
			thread.setName("apiguard-idempotency-leases");
			thread.setDaemon(true);
			return thread;
		}), Clock.systemUTC());
	}

	/**
	 * Creates a renewer on the given scheduler, which it shuts down when destroyed; tests pass one that runs
	 * renewals when they say so rather than when time has passed, and a clock they move.
	 * @param store the store
	 * @param lease the lease to renew to
	 * @param scheduler runs the renewals and the releases
	 * @param clock tells when a release in doubt is no longer needed
	 */
	IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease, ScheduledThreadPoolExecutor scheduler,
			Clock clock) {
		this.store = store;
		this.lease = lease;
		this.clock = clock;
		// Most requests end long before their first renewal: do not keep their cancelled tasks queued.
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
	}

	/**
	 * Starts renewing a claim.
	 * @param key the record key
	 * @param owner the claim's owner token
	 * @return the renewal, to cancel when the request ends
	 */
	ScheduledFuture<?> keep(String key, String owner) {
		long period = Math.max(1, this.lease.toMillis() / 3);
		AtomicReference<Future<?>> self = new AtomicReference<>();
		ScheduledFuture<?> renewal = this.scheduler.scheduleAtFixedRate(() -> renew(key, owner, self.get()), period,
				period, TimeUnit.MILLISECONDS);
		self.set(renewal);
		return renewal;
	}

	private void renew(String key, String owner, @Nullable Future<?> renewal) {
		boolean owned;
		try {
			owned = this.store.renew(key, owner, this.lease);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not renew the lease of idempotency record {}; retrying at the next period", key, ex);
			return;
		}
		if (!owned) {
			if (renewal != null && renewal.isCancelled()) {
				// The request ended while this renewal was on its way: its record was completed or released
				// (stopRenewing() cancels before either), so "not in flight" is its own doing, not a lost claim.
				return;
			}
			logger.warn("Idempotency record {} lost its claim while its request was still running", key);
			// An exception is how a periodic task stops itself.
			throw new ClaimLostException();
		}
	}

	/**
	 * Releases, in the background, a claim the store may or may not have made: its call failed or timed out,
	 * perhaps after the store ran it. The release is fenced by the owner token, so it deletes that claim if it
	 * exists, and nothing else. It is retried with back-off while the store fails, until the record the claim
	 * would have made has expired.
	 * @param key the record key
	 * @param owner the owner token of the failed claim
	 * @param ttl the TTL of the failed claim
	 */
	void releaseInDoubt(String key, String owner, Duration ttl) {
		if (!takePlace()) {
			if (this.warnedFull.compareAndSet(false, true)) {
				logger.warn("{} idempotency claims that failed are waiting to be released; not releasing more until "
						+ "the store answers again. Should the store have run these claims, their keys answer 'in "
						+ "flight', then 'outcome unknown', until their TTL", MAX_RELEASES_IN_DOUBT);
			}
			return;
		}
		this.inDoubt.add(new InDoubt(key, owner, this.clock.instant().plus(ttl)));
		startReleasing();
	}

	/**
	 * The number of claims in doubt still to be released.
	 * @return the number
	 */
	int releasesInDoubt() {
		return this.inDoubtCount.get();
	}

	private boolean takePlace() {
		int count;
		do {
			count = this.inDoubtCount.get();
			if (count >= MAX_RELEASES_IN_DOUBT) {
				return false;
			}
		}
		while (!this.inDoubtCount.compareAndSet(count, count + 1));
		return true;
	}

	private void startReleasing() {
		if (this.releasing.compareAndSet(false, true)) {
			try {
				this.scheduler.execute(this::releaseAllInDoubt);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: destroy() reports what is left.
				this.releasing.set(false);
			}
		}
	}

	private void releaseAllInDoubt() {
		for (InDoubt next = this.inDoubt.peek(); next != null; next = this.inDoubt.peek()) {
			if (!next.until().isAfter(this.clock.instant())) {
				logger.warn("Gave up releasing idempotency record {}: its claim failed and the store could not be "
						+ "reached for its whole TTL, so the record, if the store made it, has expired", next.key());
			}
			else if (!release(next)) {
				// The store still fails: the same claim is tried again later, and the others wait behind it.
				try {
					this.scheduler.schedule(this::releaseAllInDoubt, this.retryDelay.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException ex) {
					this.releasing.set(false);
				}
				Duration doubled = this.retryDelay.multipliedBy(2);
				this.retryDelay = (doubled.compareTo(LONGEST_RETRY) < 0) ? doubled : LONGEST_RETRY;
				return;
			}
			else {
				this.retryDelay = FIRST_RETRY;
			}
			// This task alone takes from the queue, so the head is still the one just handled.
			this.inDoubt.poll();
			if (this.inDoubtCount.decrementAndGet() == 0) {
				this.warnedFull.set(false);
			}
		}
		this.releasing.set(false);
		// A claim added after the loop found the queue empty but before the flag was cleared has no task yet.
		if (!this.inDoubt.isEmpty()) {
			startReleasing();
		}
	}

	private boolean release(InDoubt claim) {
		try {
			boolean released = this.store.release(claim.key(), claim.owner());
			if (released) {
				logger.debug("Released idempotency record {}: the store had made the claim whose call failed",
						claim.key());
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release idempotency record {} yet; retrying", claim.key(), ex);
			return false;
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		int left = this.inDoubtCount.get();
		if (left > 0) {
			logger.warn("{} idempotency claims that failed were not released before shutdown. Should the store have "
					+ "run them, their keys answer 'in flight', then 'outcome unknown', until their TTL", left);
		}
	}

	/**
	 * A claim whose call failed, to release until {@code until}.
	 */
	private record InDoubt(String key, String owner, Instant until) {

	}

	private static final class ClaimLostException extends RuntimeException {

		ClaimLostException() {
			super(null, null, false, false);
		}

	}

}
