package io.github.apiguard.idempotency.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Deletes the JDBC store's expired records on a schedule, in bounded batches (each its own short
 * transaction, so that no run holds many row locks or a long transaction), until a batch comes back short.
 * Expired records are harmless to correctness — a claim takes over an expired record — but would otherwise
 * accumulate. Every node may purge: concurrent purges skip the rows another one deleted.
 */
public final class JdbcIdempotencyPurger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JdbcIdempotencyPurger.class);

	private final JdbcIdempotencyStore store;

	private final Duration interval;

	private final int batchSize;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates a purger.
	 * @param store the store
	 * @param interval the time between the end of one run and the start of the next
	 * @param batchSize the most rows deleted per statement
	 */
	public JdbcIdempotencyPurger(JdbcIdempotencyStore store, Duration interval, int batchSize) {
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), "'interval' must be positive");
		Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		this.store = store;
		this.interval = interval;
		this.batchSize = batchSize;
	}

	/**
	 * Deletes every record expired now, one batch at a time.
	 * @return the number of records deleted
	 */
	public long purge() {
		long total = 0;
		int deleted;
		do {
			deleted = this.store.purgeExpired(this.batchSize);
			total += deleted;
		}
		while (deleted == this.batchSize && !Thread.currentThread().isInterrupted());
		return total;
	}

	private void run() {
		try {
			long deleted = purge();
			logger.debug("Purged {} expired idempotency records", deleted);
		}
		catch (RuntimeException ex) {
			// Caught so that the schedule goes on (an exception would cancel it); the next run tries again.
			logger.warn("Could not purge expired idempotency records: {}", ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		if (this.scheduler == null) {
			this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "apiguard-idempotency-purge");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			this.scheduler.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
