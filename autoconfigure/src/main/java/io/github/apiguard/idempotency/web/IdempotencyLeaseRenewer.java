package io.github.apiguard.idempotency.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.idempotency.IdempotencyStore;

/**
 * Keeps the leases of running idempotent requests alive: every third of the lease, while the handler runs,
 * the claim is renewed. So the lease can stay short — a crashed node's keys answer "outcome unknown" soon —
 * while a slow handler is never taken for crashed. Renewal stops when the request ends, and for good as soon
 * as the store reports the claim lost.
 */
public class IdempotencyLeaseRenewer implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyLeaseRenewer.class);

	private final IdempotencyStore store;

	private final Duration lease;

	private final ScheduledExecutorService scheduler;

	private final IdempotencyListener listener;

	/**
	 * Creates a renewer with its own daemon thread.
	 * @param store the store
	 * @param lease the lease to renew to
	 */
	public IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease) {
		this(store, lease, IdempotencyListener.NONE);
	}

	/**
	 * Creates a renewer with its own daemon thread, telling a listener how long each renewal took.
	 * @param store the store
	 * @param lease the lease to renew to
	 * @param listener told about every renewal ({@code renew})
	 */
	public IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease, IdempotencyListener listener) {
		this(store, lease, listener, new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = Executors.defaultThreadFactory().newThread(task);
			thread.setName("apiguard-idempotency-leases");
			thread.setDaemon(true);
			return thread;
		}));
	}

	/**
	 * Creates a renewer on the given scheduler, which it shuts down when destroyed; tests pass one that runs
	 * renewals when they say so rather than when time has passed.
	 * @param store the store
	 * @param lease the lease to renew to
	 * @param listener told about every renewal ({@code renew})
	 * @param scheduler runs the renewals
	 */
	IdempotencyLeaseRenewer(IdempotencyStore store, Duration lease, IdempotencyListener listener,
			ScheduledThreadPoolExecutor scheduler) {
		this.listener = listener;
		this.store = store;
		this.lease = lease;
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
		long start = System.nanoTime();
		try {
			owned = this.store.renew(key, owner, this.lease);
			this.listener.storeCalled("renew", Duration.ofNanos(System.nanoTime() - start), false);
		}
		catch (RuntimeException ex) {
			this.listener.storeCalled("renew", Duration.ofNanos(System.nanoTime() - start), true);
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

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	private static final class ClaimLostException extends RuntimeException {

		ClaimLostException() {
			super(null, null, false, false);
		}

	}

}
