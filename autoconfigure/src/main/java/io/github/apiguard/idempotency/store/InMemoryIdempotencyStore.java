package io.github.apiguard.idempotency.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

/**
 * An {@link IdempotencyStore} in this JVM's memory, for a single node: a Caffeine cache bounded by the
 * total size of its records. Each operation is one atomic {@code compute} on the key, so concurrent claims
 * of a key never both win. Expiry is decided by the record's own timestamps against the {@link Clock}
 * (testable without sleeping); Caffeine evicts expired records for memory's sake.
 * <p>
 * When the bound is reached Caffeine evicts records, completed or in flight, so a duplicate of an evicted
 * request runs again: size the bound for the traffic of one TTL, or use Redis.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	/** Rough bookkeeping cost of a record besides its body, for the size bound. */
	private static final int RECORD_OVERHEAD = 256;

	private final Cache<String, Entry> entries;

	private final Clock clock;

	/**
	 * Creates a store.
	 * @param maxBytes the bound on the records' total (approximate) size
	 * @param clock the clock that decides leases and expiry
	 */
	public InMemoryIdempotencyStore(long maxBytes, Clock clock) {
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String key, Entry entry) -> entry.weight())
			.expireAfter(new EntryExpiry(clock))
			.build();
	}

	@Override
	public ClaimResult claim(IdempotencyClaim claim) {
		AtomicReference<ClaimResult> result = new AtomicReference<>();
		this.entries.asMap().compute(claim.key(), (key, existing) -> {
			Instant now = this.clock.instant();
			if (existing == null || !existing.expiresAt().isAfter(now)) {
				result.set(ClaimResult.claimed());
				return new Entry(claim.fingerprint(), claim.owner(), now.plus(claim.lease()), now.plus(claim.ttl()),
						claim.ttl(), null);
			}
			result.set(existing.answer(claim.fingerprint(), now));
			return existing;
		});
		return result.get();
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		AtomicBoolean owned = new AtomicBoolean();
		this.entries.asMap().computeIfPresent(key, (k, existing) -> {
			if (!existing.isInFlightFor(owner)) {
				return existing;
			}
			owned.set(true);
			Instant now = this.clock.instant();
			// A renewal restarts the record's TTL, as the claim started it: a request running longer than its TTL
			// stays in flight, and should it crash, duplicates still get "outcome unknown" for a whole TTL.
			Instant expiresAt = max(existing.expiresAt(), now.plus(max(existing.ttl(), lease)));
			return new Entry(existing.fingerprint(), owner, now.plus(lease), expiresAt, existing.ttl(), null);
		});
		return owned.get();
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		AtomicBoolean owned = new AtomicBoolean();
		this.entries.asMap().computeIfPresent(key, (k, existing) -> {
			if (!existing.isInFlightFor(owner)) {
				return existing;
			}
			owned.set(true);
			return new Entry(existing.fingerprint(), owner, existing.leaseUntil(), this.clock.instant().plus(ttl), ttl,
					response);
		});
		return owned.get();
	}

	@Override
	public boolean release(String key, String owner) {
		AtomicBoolean owned = new AtomicBoolean();
		this.entries.asMap().computeIfPresent(key, (k, existing) -> {
			if (!existing.isInFlightFor(owner)) {
				return existing;
			}
			owned.set(true);
			return null;
		});
		return owned.get();
	}

	/**
	 * The number of records held, expired ones included until Caffeine evicts them.
	 * @return the number of records
	 */
	public long size() {
		return this.entries.estimatedSize();
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private record Entry(String fingerprint, String owner, Instant leaseUntil, Instant expiresAt, Duration ttl,
			@Nullable StoredResponse response) {

		ClaimResult answer(String fingerprint, Instant now) {
			if (!this.fingerprint.equals(fingerprint)) {
				return ClaimResult.mismatch();
			}
			if (this.response != null) {
				return ClaimResult.replay(this.response);
			}
			if (this.leaseUntil.isAfter(now)) {
				return ClaimResult.inFlight(Duration.between(now, this.leaseUntil));
			}
			return ClaimResult.outcomeUnknown();
		}

		boolean isInFlightFor(String owner) {
			return this.response == null && this.owner.equals(owner);
		}

		int weight() {
			return RECORD_OVERHEAD + ((this.response != null) ? this.response.bodySize() : 0);
		}

	}

	private static final class EntryExpiry implements Expiry<String, Entry> {

		private final Clock clock;

		EntryExpiry(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String key, Entry entry, long currentTime) {
			return nanosLeft(entry);
		}

		@Override
		public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
			return nanosLeft(entry);
		}

		@Override
		public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private long nanosLeft(Entry entry) {
			// Eviction only reclaims memory; whether a record counts as expired is decided against the clock.
			Duration left = Duration.between(this.clock.instant(), entry.expiresAt());
			return left.isNegative() ? 0 : left.toNanos();
		}

	}

}
