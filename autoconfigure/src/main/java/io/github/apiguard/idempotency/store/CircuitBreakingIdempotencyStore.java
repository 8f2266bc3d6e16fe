package io.github.apiguard.idempotency.store;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.StoreUnavailableException;

/**
 * Puts a {@link CircuitBreaker} in front of a remote store (Redis, a database), so that a dead store does not
 * cost every idempotent request a full command or connection timeout. While the breaker is open every call —
 * claims, renewals, completions, releases — throws {@link StoreUnavailableException} at once, without reaching
 * the store; apiguard answers a refused claim with its outage policy (503 with {@code Retry-After}, or the
 * request runs without its key under {@code allow}), and retries a refused release of a claim in doubt in the
 * background, as it would a failed one. Once the open duration has passed, one call tries the store again.
 * <p>
 * The breaker counts outages only, as its classifier tells them ({@code RedisFailures}, {@code JdbcFailures});
 * a failure of one call (a wrong type under a key, a constraint) is thrown as it is and neither opens nor
 * closes the breaker. Renewals count for nothing: they run in the background, with no client waiting, and one
 * that waited out a busy pool or met a brief blip must not turn every request away, nor every completion.
 */
public final class CircuitBreakingIdempotencyStore implements IdempotencyStore {

	private final IdempotencyStore delegate;

	private final CircuitBreaker breaker;

	/**
	 * Creates the decorator.
	 * @param delegate the remote store
	 * @param breaker the breaker, with the store's outage classifier
	 */
	public CircuitBreakingIdempotencyStore(IdempotencyStore delegate, CircuitBreaker breaker) {
		this.delegate = delegate;
		this.breaker = breaker;
	}

	@Override
	public ClaimResult claim(IdempotencyClaim claim) {
		return guarded(() -> this.delegate.claim(claim), true);
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		return guarded(() -> this.delegate.renew(key, owner, lease), false);
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		return guarded(() -> this.delegate.complete(key, owner, response, ttl), true);
	}

	@Override
	public boolean release(String key, String owner) {
		return guarded(() -> this.delegate.release(key, owner), true);
	}

	@Override
	public boolean supportsTransactionalClaims() {
		return this.delegate.supportsTransactionalClaims();
	}

	/**
	 * The breaker in front of the store.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	private <T> T guarded(Supplier<T> call, boolean counted) {
		CircuitBreaker.Permit permit = this.breaker.acquire();
		if (permit == CircuitBreaker.Permit.REFUSED) {
			throw new StoreUnavailableException("The idempotency store is unavailable (its circuit breaker is open)");
		}
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException | Error ex) {
			if (counted) {
				this.breaker.failed(permit, ex);
			}
			else {
				this.breaker.abandoned(permit);
			}
			throw ex;
		}
		if (counted) {
			this.breaker.succeeded(permit);
		}
		else {
			this.breaker.abandoned(permit);
		}
		return result;
	}

}
