package io.github.apiguard.idempotency.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.store.StoreUnavailableException;

/**
 * Keeps the claims of idempotent requests honest, in the background:
 * <ul>
 * <li>the leases of running requests stay alive: every third of the lease, while the handler runs, the claim
 * is renewed. So the lease can stay short — a crashed node's keys answer "outcome unknown" soon — while a slow
 * handler is never taken for crashed. Renewal stops when the request ends, and for good as soon as the store
 * reports the claim lost;</li>
 * <li>store calls whose answer is missing are made again: a claim that failed (a Redis command timeout, say)
 * may still have been run by the store, and its key would then answer "in flight", and "outcome unknown" for
 * a whole TTL, though the request never ran; a release that failed leaves its key claimed; a completion that
 * failed, or that an open circuit breaker refused, would drop the outcome of a request that ran and answered.
 * So each is retried with back-off until the store answers, or until the record has expired anyway. A claim
 * or release is released by its owner token, which only ever deletes that very claim; a completion is stored
 * under its owner token, and its lease is kept alive meanwhile, so that a retry of its request is told "in
 * flight" (and tries again) rather than "outcome unknown".</li>
 * </ul>
 * A daemon thread keeps time; the store calls run on a few daemon threads of their own, so that one call
 * stuck on a record (a row lock, a wait for a pooled connection) holds up neither the clock nor the others,
 * and each claim has at most one renewal under way.
 */
public class IdempotencyLeaseRenewer implements DisposableBean {

	/** The first retry of a store call in doubt waits this long; each failure doubles the wait. */
	static final Duration FIRST_RETRY = Duration.ofMillis(100);

	/**
	 * The longest wait between two tries of a store call in doubt: once the store is back, a key is free (or
	 * its outcome stored) again within about this long, ahead of a client honouring the 503's
	 * {@code Retry-After}.
	 */
	static final Duration LONGEST_RETRY = Duration.ofSeconds(1);

	/** The most store calls in doubt kept waiting for the store, so that a long outage cannot exhaust memory. */
	static final int MAX_CALLS_IN_DOUBT = 10_000;

	/**
	 * The most store calls the renewer makes at once. A few, not one: a call that waits (for a locked row, for a
	 * connection of a busy pool, for a command timeout) then holds up one of them and not every renewal.
	 */
	static final int STORE_THREADS = 4;

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyLeaseRenewer.class);

	private final IdempotencyStore store;

	private final Duration lease;

	private final ScheduledExecutorService scheduler;

	private final Executor storeCalls;

	private final Clock clock;

	private final Queue<InDoubt> inDoubt = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inDoubtCount = new AtomicInteger();

	// Whether a task retrying store calls in doubt is running or scheduled: there is never more than one, so a
	// failing store gets one call per back-off, not one per record.
	private final AtomicBoolean retrying = new AtomicBoolean();

	private final AtomicBoolean warnedFull = new AtomicBoolean();

	// Only read and written by the one retrying task.
	private Duration retryDelay = FIRST_RETRY;

	/**
	 * Creates a renewer with daemon threads of its own. Its store calls are timed, when a listener wants them,
	 * by the store it is given (the auto-configuration's {@code TimedIdempotencyStore}).
	 * @param store the store
	 * @param lease the lease to renew to
	 */
	public IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease) {
		this(store, lease, new ScheduledThreadPoolExecutor(1, daemon("apiguard-idempotency-leases")), storeCallPool(),
				Clock.systemUTC());
	}

	/**
	 * Creates a renewer on the given scheduler, which it shuts down when destroyed, making its store calls on the
	 * scheduler's thread; tests pass one that runs renewals when they say so rather than when time has passed,
	 * and a clock they move.
	 * @param store the store
	 * @param lease the lease to renew to
	 * @param scheduler runs the renewals and the retries
	 * @param clock tells when a store call in doubt is no longer needed
	 */
	IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease, ScheduledThreadPoolExecutor scheduler,
			Clock clock) {
		this(store, lease, scheduler, Runnable::run, clock);
	}

	/**
	 * Creates a renewer on the given scheduler and store-call executor, both shut down when it is destroyed
	 * (when they can be).
	 * @param store the store
	 * @param lease the lease to renew to
	 * @param scheduler keeps time
	 * @param storeCalls makes the store calls
	 * @param clock tells when a store call in doubt is no longer needed
	 */
	IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease, ScheduledThreadPoolExecutor scheduler,
			Executor storeCalls, Clock clock) {
		this.store = store;
		this.lease = lease;
		this.clock = clock;
		// Most requests end long before their first renewal: do not keep their cancelled tasks queued.
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
		this.storeCalls = storeCalls;
	}

	private static ExecutorService storeCallPool() {
		// Idle threads end: an application whose requests are all quick needs none of them.
		ThreadPoolExecutor pool = new ThreadPoolExecutor(STORE_THREADS, STORE_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemon("apiguard-idempotency-store"));
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = Executors.defaultThreadFactory().newThread(task);
			thread.setName(name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Starts renewing a claim.
	 * @param key the record key
	 * @param owner the claim's owner token
	 * @return the renewal, to cancel when the request ends
	 */
	ScheduledFuture<?> keep(String key, String owner) {
		long period = Math.max(1, this.lease.toMillis() / 3);
		Renewal renewal = new Renewal(key, owner);
		ScheduledFuture<?> ticks = this.scheduler.scheduleAtFixedRate(renewal::due, period, period,
				TimeUnit.MILLISECONDS);
		renewal.ticks = ticks;
		return ticks;
	}

	/**
	 * Releases, in the background, a claim the store may or may not have made, or still holds: its claim or its
	 * release failed or timed out, perhaps after the store ran it. The release is fenced by the owner token, so it
	 * deletes that claim if it exists, and nothing else. It is retried with back-off while the store fails,
	 * until the record the claim would have made has expired.
	 * @param key the record key
	 * @param owner the owner token of the claim
	 * @param ttl the TTL of the claim
	 */
	void releaseInDoubt(String key, String owner, Duration ttl) {
		add(new InDoubt(key, owner, this.clock.instant().plus(ttl), null, null));
	}

	/**
	 * Stores, in the background, the outcome of a request that ran and answered, whose completion failed or was
	 * refused by the store's circuit breaker. It is retried with back-off while the store fails, until the
	 * record has expired; the claim's lease is renewed meanwhile, so that retries of the request are answered
	 * "in flight" until the outcome is stored, then replayed.
	 * @param key the record key
	 * @param owner the claim's owner token
	 * @param response the outcome to store
	 * @param ttl the record's TTL
	 */
	void completeInDoubt(String key, String owner, StoredResponse response, Duration ttl) {
		add(new InDoubt(key, owner, this.clock.instant().plus(ttl), response, keep(key, owner)));
	}

	/**
	 * The number of store calls in doubt still to be made again.
	 * @return the number
	 */
	int callsInDoubt() {
		return this.inDoubtCount.get();
	}

	private void add(InDoubt call) {
		if (!takePlace()) {
			call.stopRenewing();
			if (this.warnedFull.compareAndSet(false, true)) {
				logger.warn("{} idempotency store calls that failed are waiting to be made again; dropping more until "
						+ "the store answers again. The keys of the claims among them answer 'in flight', then "
						+ "'outcome unknown', until their TTL", MAX_CALLS_IN_DOUBT);
			}
			return;
		}
		this.inDoubt.add(call);
		startRetrying();
	}

	private boolean takePlace() {
		int count;
		do {
			count = this.inDoubtCount.get();
			if (count >= MAX_CALLS_IN_DOUBT) {
				return false;
			}
		}
		while (!this.inDoubtCount.compareAndSet(count, count + 1));
		return true;
	}

	private void startRetrying() {
		if (this.retrying.compareAndSet(false, true)) {
			try {
				this.scheduler.execute(this::retryAllInDoubt);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: destroy() reports what is left.
				this.retrying.set(false);
			}
		}
	}

	private void retryAllInDoubt() {
		try {
			this.storeCalls.execute(this::makeAllInDoubt);
		}
		catch (RejectedExecutionException ex) {
			this.retrying.set(false);
		}
	}

	private void makeAllInDoubt() {
		for (InDoubt next = this.inDoubt.peek(); next != null; next = this.inDoubt.peek()) {
			if (!next.until().isAfter(this.clock.instant())) {
				logger.warn((next.response() != null)
						? "Gave up storing the outcome of idempotency record {}: the store could not be reached for its "
								+ "whole TTL"
						: "Gave up releasing idempotency record {}: its claim or release failed and the store could not "
								+ "be reached for its whole TTL, so the record, if the store made it, has expired",
						next.key());
			}
			else if (!make(next)) {
				// The store still fails: the same call is tried again later, and the others wait behind it.
				try {
					this.scheduler.schedule(this::retryAllInDoubt, this.retryDelay.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException ex) {
					this.retrying.set(false);
				}
				Duration doubled = this.retryDelay.multipliedBy(2);
				this.retryDelay = (doubled.compareTo(LONGEST_RETRY) < 0) ? doubled : LONGEST_RETRY;
				return;
			}
			else {
				this.retryDelay = FIRST_RETRY;
			}
			next.stopRenewing();
			// This task alone takes from the queue, so the head is still the one just handled.
			this.inDoubt.poll();
			if (this.inDoubtCount.decrementAndGet() == 0) {
				this.warnedFull.set(false);
			}
		}
		this.retrying.set(false);
		// A call added after the loop found the queue empty but before the flag was cleared has no task yet.
		if (!this.inDoubt.isEmpty()) {
			startRetrying();
		}
	}

	/**
	 * Makes a call in doubt again.
	 * @return whether the store answered it
	 */
	private boolean make(InDoubt call) {
		try {
			StoredResponse response = call.response();
			if (response == null) {
				if (this.store.release(call.key(), call.owner())) {
					logger.debug("Released idempotency record {}: the store still held the claim", call.key());
				}
				return true;
			}
			if (this.store.complete(call.key(), call.owner(), response, call.ttl(this.clock.instant()))) {
				logger.info("Stored the outcome of idempotency record {}, whose completion had failed; its retries are "
						+ "replayed from now on", call.key());
			}
			else {
				logger.warn("The outcome of idempotency record {} could not be stored: its claim was lost while the store "
						+ "could not be reached (its lease ran out and the key was claimed again, or it was released)",
						call.key());
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not make the store call of idempotency record {} yet; retrying", call.key(), ex);
			return false;
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		if (this.storeCalls instanceof ExecutorService pool) {
			pool.shutdownNow();
		}
		int left = this.inDoubtCount.get();
		if (left > 0) {
			logger.warn("{} idempotency store calls that failed were not made again before shutdown. The keys of the "
					+ "claims among them answer 'in flight', then 'outcome unknown', until their TTL", left);
		}
	}

	/**
	 * The renewal of one claim: due every period, made unless the previous one is still under way.
	 */
	private final class Renewal {

		private final String key;

		private final String owner;

		// Set right after scheduling, before the first period has passed.
		private volatile @Nullable ScheduledFuture<?> ticks;

		private final AtomicBoolean underWay = new AtomicBoolean();

		Renewal(String key, String owner) {
			this.key = key;
			this.owner = owner;
		}

		void due() {
			// A renewal still waiting for the store renews as well as a second one would: skip this period.
			if (!this.underWay.compareAndSet(false, true)) {
				return;
			}
			try {
				IdempotencyLeaseRenewer.this.storeCalls.execute(this::renew);
			}
			catch (RejectedExecutionException ex) {
				this.underWay.set(false);
			}
		}

		private void renew() {
			try {
				boolean owned;
				try {
					owned = IdempotencyLeaseRenewer.this.store.renew(this.key, this.owner,
							IdempotencyLeaseRenewer.this.lease);
				}
				catch (StoreUnavailableException ex) {
					logger.debug("Could not renew the lease of idempotency record {}: {}", this.key, ex.getMessage());
					return;
				}
				catch (RuntimeException ex) {
					logger.warn("Could not renew the lease of idempotency record {}; retrying at the next period",
							this.key, ex);
					return;
				}
				ScheduledFuture<?> ticks = this.ticks;
				if (!owned && ticks != null) {
					if (ticks.isCancelled()) {
						// The request ended while this renewal was on its way: its record was completed or released
						// (stopRenewing() cancels before either), so "not in flight" is its own doing, not a lost claim.
						return;
					}
					logger.warn("Idempotency record {} lost its claim while its request was still running", this.key);
					ticks.cancel(false);
				}
			}
			finally {
				this.underWay.set(false);
			}
		}

	}

	/**
	 * A store call whose answer is missing, to make again until {@code until}: a release, or the completion with
	 * {@code response} (whose lease {@code renewal} keeps alive meanwhile).
	 */
	private record InDoubt(String key, String owner, Instant until, @Nullable StoredResponse response,
			@Nullable ScheduledFuture<?> renewal) {

		Duration ttl(Instant now) {
			return Duration.between(now, this.until);
		}

		void stopRenewing() {
			if (this.renewal != null) {
				this.renewal.cancel(false);
			}
		}

	}

}
