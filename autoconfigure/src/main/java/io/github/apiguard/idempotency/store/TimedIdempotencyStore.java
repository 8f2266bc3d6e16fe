package io.github.apiguard.idempotency.store;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

/**
 * Times every call of a store and tells the listener ({@link IdempotencyListener#storeCalled}) — whoever
 * makes it: the interceptor's claims, the filter's completions and releases, the lease renewer's renewals and
 * its background releases of claims in doubt. The auto-configuration puts it around the store only when a
 * listener is registered, so that without one no call reads the clock for it.
 */
public final class TimedIdempotencyStore implements IdempotencyStore {

	private final IdempotencyStore delegate;

	private final IdempotencyListener listener;

	/**
	 * Creates the decorator.
	 * @param delegate the store to time, as apiguard calls it (its circuit breaker included)
	 * @param listener told how long each call took and whether it threw
	 */
	public TimedIdempotencyStore(IdempotencyStore delegate, IdempotencyListener listener) {
		this.delegate = delegate;
		this.listener = listener;
	}

	@Override
	public ClaimResult claim(IdempotencyClaim claim) {
		return timed("claim", () -> this.delegate.claim(claim));
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		return timed("renew", () -> this.delegate.renew(key, owner, lease));
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		return timed("complete", () -> this.delegate.complete(key, owner, response, ttl));
	}

	@Override
	public boolean release(String key, String owner) {
		return timed("release", () -> this.delegate.release(key, owner));
	}

	@Override
	public boolean supportsTransactionalClaims() {
		return this.delegate.supportsTransactionalClaims();
	}

	private <T> T timed(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException ex) {
			this.listener.storeCalled(operation, Duration.ofNanos(System.nanoTime() - start), true);
			throw ex;
		}
		this.listener.storeCalled(operation, Duration.ofNanos(System.nanoTime() - start), false);
		return result;
	}

}
