package io.github.apiguard.idempotency;

import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.support.MutableClock;

/**
 * The conformance suite against the in-memory store.
 */
class InMemoryIdempotencyStoreTests extends AbstractIdempotencyStoreConformanceTests {

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new InMemoryIdempotencyStore(1024 * 1024, clock);
	}

}
