package io.github.apiguard.idempotency.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.util.Assert;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

/**
 * An {@link IdempotencyStore} in this JVM's memory, for a single node, with two bounds kept apart:
 * <ul>
 * <li>claims (requests in flight, and those whose lease ran out with no outcome, until their TTL) live in a
 * map bounded by count and are never evicted: when it is full a new claim is refused
 * ({@link ClaimResult.Outcome#CAPACITY_EXCEEDED}), never admitted without protection;</li>
 * <li>completed records are bounded by their total size: past it the oldest completions leave (never the newest,
 * which a client that lost its answer is about to retry), and a duplicate of a request whose record left runs
 * again, so size the bound for the traffic of one TTL.</li>
 * </ul>
 * Every operation on a key runs inside one atomic {@code compute} of that key in the claims map, which also
 * moves a record to the completed cache, so concurrent claims of a key never both win. Expiry is decided by
 * the records' own timestamps against the {@link Clock} (testable without sleeping); expired completed records
 * are collected as new ones arrive, and expired claims when the claims bound is reached.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	/** The default bound on claims in flight. */
	public static final int DEFAULT_MAX_CLAIMS = 10_000;

	/** Rough bookkeeping cost of a completed record besides its body, for the size bound. */
	private static final int RECORD_OVERHEAD = 256;

	private final ConcurrentHashMap<String, Claim> claims = new ConcurrentHashMap<>();

	// The claims held, counted apart because ConcurrentHashMap's size is only an estimate under contention.
	private final AtomicInteger claimCount = new AtomicInteger();

	private final int maxClaims;

	private final CompletedRecords<Completed> completed;

	private final Clock clock;

	/**
	 * Creates a store with the default bound on claims ({@value #DEFAULT_MAX_CLAIMS}).
	 * @param maxBytes the bound on the completed records' total (approximate) size
	 * @param clock the clock that decides leases and expiry
	 */
	public InMemoryIdempotencyStore(long maxBytes, Clock clock) {
		this(maxBytes, DEFAULT_MAX_CLAIMS, clock);
	}

	/**
	 * Creates a store.
	 * @param maxBytes the bound on the completed records' total (approximate) size
	 * @param maxClaims the bound on the number of claims held (in flight, or with an unknown outcome)
	 * @param clock the clock that decides leases and expiry
	 */
	public InMemoryIdempotencyStore(long maxBytes, int maxClaims, Clock clock) {
		Assert.isTrue(maxClaims > 0, "'maxClaims' must be positive");
		this.clock = clock;
		this.maxClaims = maxClaims;
		this.completed = new CompletedRecords<>(maxBytes, Completed::weight, Completed::expiresAt);
	}

	@Override
	public ClaimResult claim(IdempotencyClaim claim) {
		ClaimResult result = tryClaim(claim);
		if (result.outcome() == ClaimResult.Outcome.CAPACITY_EXCEEDED && collectExpiredClaims()) {
			result = tryClaim(claim);
		}
		return result;
	}

	private ClaimResult tryClaim(IdempotencyClaim claim) {
		AtomicReference<ClaimResult> result = new AtomicReference<>();
		this.claims.compute(claim.key(), (key, existing) -> {
			Instant now = this.clock.instant();
			if (existing != null && existing.expiresAt().isAfter(now)) {
				result.set(existing.answer(claim.fingerprint(), now));
				return existing;
			}
			// An expired claim hands its place to the new one.
			boolean placed = existing != null;
			Completed done = this.completed.get(key);
			if (done != null && done.expiresAt().isAfter(now)) {
				result.set(done.answer(claim.fingerprint()));
				if (placed) {
					this.claimCount.decrementAndGet();
				}
				return null;
			}
			if (done != null) {
				this.completed.remove(key);
			}
			if (!placed && !takePlace()) {
				result.set(ClaimResult.capacityExceeded());
				return null;
			}
			result.set(ClaimResult.claimed());
			return new Claim(claim.fingerprint(), claim.owner(), now.plus(claim.lease()), now.plus(claim.ttl()),
					claim.ttl());
		});
		return result.get();
	}

	private boolean takePlace() {
		int count;
		do {
			count = this.claimCount.get();
			if (count >= this.maxClaims) {
				return false;
			}
		}
		while (!this.claimCount.compareAndSet(count, count + 1));
		return true;
	}

	/**
	 * Drops the claims whose record expired: their lease ran out with no outcome, then their TTL. Only done
	 * when the bound is reached, so that claims cost nothing to keep otherwise.
	 * @return whether any place was freed
	 */
	private boolean collectExpiredClaims() {
		AtomicBoolean freed = new AtomicBoolean();
		for (String key : this.claims.keySet()) {
			this.claims.computeIfPresent(key, (k, existing) -> {
				if (existing.expiresAt().isAfter(this.clock.instant())) {
					return existing;
				}
				this.claimCount.decrementAndGet();
				freed.set(true);
				return null;
			});
		}
		return freed.get();
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		AtomicBoolean owned = new AtomicBoolean();
		this.claims.computeIfPresent(key, (k, existing) -> {
			if (!existing.owner().equals(owner)) {
				return existing;
			}
			owned.set(true);
			Instant now = this.clock.instant();
			// A renewal restarts the record's TTL, as the claim started it: a request running longer than its TTL
			// stays in flight, and should it crash, duplicates still get "outcome unknown" for a whole TTL.
			Instant expiresAt = max(existing.expiresAt(), now.plus(max(existing.ttl(), lease)));
			return new Claim(existing.fingerprint(), owner, now.plus(lease), expiresAt, existing.ttl());
		});
		return owned.get();
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		AtomicBoolean owned = new AtomicBoolean();
		this.claims.computeIfPresent(key, (k, existing) -> {
			if (!existing.owner().equals(owner)) {
				return existing;
			}
			owned.set(true);
			// Moved while the key is locked, so that a claim never finds it in neither place.
			Instant now = this.clock.instant();
			this.completed.put(k, new Completed(existing.fingerprint(), now.plus(ttl), response), now);
			this.claimCount.decrementAndGet();
			return null;
		});
		return owned.get();
	}

	@Override
	public boolean release(String key, String owner) {
		AtomicBoolean owned = new AtomicBoolean();
		this.claims.computeIfPresent(key, (k, existing) -> {
			if (!existing.owner().equals(owner)) {
				return existing;
			}
			owned.set(true);
			this.claimCount.decrementAndGet();
			return null;
		});
		return owned.get();
	}

	/**
	 * The number of records held, claims and completed, expired ones included until they are collected.
	 * @return the number of records
	 */
	public long size() {
		return this.claimCount.get() + this.completed.size();
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private record Claim(String fingerprint, String owner, Instant leaseUntil, Instant expiresAt, Duration ttl) {

		ClaimResult answer(String fingerprint, Instant now) {
			if (!this.fingerprint.equals(fingerprint)) {
				return ClaimResult.mismatch();
			}
			if (this.leaseUntil.isAfter(now)) {
				return ClaimResult.inFlight(Duration.between(now, this.leaseUntil));
			}
			return ClaimResult.outcomeUnknown();
		}

	}

	private record Completed(String fingerprint, Instant expiresAt, StoredResponse response) {

		ClaimResult answer(String fingerprint) {
			return this.fingerprint.equals(fingerprint) ? ClaimResult.replay(this.response) : ClaimResult.mismatch();
		}

		int weight() {
			return RECORD_OVERHEAD + this.response.bodySize();
		}

	}

}
