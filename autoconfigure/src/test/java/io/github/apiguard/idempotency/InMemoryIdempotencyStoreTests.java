package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite against the in-memory store, and its bounds.
 */
class InMemoryIdempotencyStoreTests extends AbstractIdempotencyStoreConformanceTests {

	private static final int KB = 1024;

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return new InMemoryIdempotencyStore(1024 * KB, clock);
	}

	@Test
	void largeCompletedResponsesOfOtherKeysNeverEvictAClaimInFlight() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(1024 * KB, this.clock);
		assertThat(claim(store, "running", "owner-running").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		// Twice the size bound in completed responses of other keys.
		for (int i = 0; i < 128; i++) {
			assertThat(claim(store, "done-" + i, "owner-" + i).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
			assertThat(store.complete("done-" + i, "owner-" + i, response(16 * KB), TTL)).isTrue();
		}
		assertThat(claim(store, "running", "owner-duplicate").outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(store.complete("running", "owner-running", response(1), TTL)).isTrue();
		assertThat(claim(store, "running", "owner-retry").outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
	}

	@Test
	void underSizePressureTheNewestCompletedRecordsAreKeptForTheirRetries() {
		// Room for about 16 records of 16 KB; four times as many complete one after another.
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(256 * KB + 16 * 256, this.clock);
		for (int i = 0; i < 64; i++) {
			assertThat(claim(store, "done-" + i, "owner-" + i).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
			assertThat(store.complete("done-" + i, "owner-" + i, response(16 * KB), TTL)).isTrue();
			// A client retries the moment it lost the answer: it must get the replay, never a second run.
			assertThat(claim(store, "done-" + i, "owner-retry-" + i).outcome()).as("retry of record %d", i)
				.isEqualTo(ClaimResult.Outcome.REPLAY);
		}
		// The oldest make room: the last ones are all still there.
		for (int i = 56; i < 64; i++) {
			assertThat(claim(store, "done-" + i, "owner-late-" + i).outcome()).as("late retry of record %d", i)
				.isEqualTo(ClaimResult.Outcome.REPLAY);
		}
		assertThat(claim(store, "done-0", "owner-again").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void whenTheClaimsBoundIsReachedANewClaimIsRefusedNeverAdmitted() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(1024 * KB, 2, this.clock);
		assertThat(claim(store, "a", "owner-a").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(claim(store, "b", "owner-b").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(claim(store, "c", "owner-c").outcome()).isEqualTo(ClaimResult.Outcome.CAPACITY_EXCEEDED);
		// Keys already held are still answered.
		assertThat(claim(store, "a", "owner-a2").outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		// A completion frees its claim's place; its record is bounded by size, not by the claims bound.
		assertThat(store.complete("a", "owner-a", response(1), TTL)).isTrue();
		assertThat(claim(store, "c", "owner-c").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(claim(store, "d", "owner-d").outcome()).isEqualTo(ClaimResult.Outcome.CAPACITY_EXCEEDED);
		// So does a release.
		assertThat(store.release("b", "owner-b")).isTrue();
		assertThat(claim(store, "d", "owner-d").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(claim(store, "a", "owner-a3").outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
		assertThat(claim(store, "e", "owner-e").outcome()).isEqualTo(ClaimResult.Outcome.CAPACITY_EXCEEDED);
	}

	@Test
	void claimWithAnUnknownOutcomeKeepsItsPlaceUntilItsRecordExpires() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(1024 * KB, 1, this.clock);
		Duration ttl = LEASE.multipliedBy(2);
		store.claim(new IdempotencyClaim("crashed", "fp", "owner-1", LEASE, ttl));
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(claim(store, "crashed", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
		assertThat(claim(store, "other", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.CAPACITY_EXCEEDED);
		this.clock.advance(ttl);
		assertThat(claim(store, "other", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(claim(store, "crashed", "owner-4").outcome()).isEqualTo(ClaimResult.Outcome.CAPACITY_EXCEEDED);
	}

	@Test
	void ofSixtyFourConcurrentClaimsOfDistinctKeysExactlyTheBoundIsAdmitted() throws Exception {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(1024 * KB, 10, this.clock);
		ExecutorService executor = Executors.newFixedThreadPool(64);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ClaimResult>> futures = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				String key = "key-" + i;
				futures.add(executor.submit(() -> {
					start.await();
					return claim(store, key, "owner-" + key);
				}));
			}
			start.countDown();
			List<ClaimResult.Outcome> outcomes = new ArrayList<>();
			for (Future<ClaimResult> future : futures) {
				outcomes.add(future.get().outcome());
			}
			assertThat(outcomes).containsOnly(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.CAPACITY_EXCEEDED);
			assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.Outcome.CLAIMED).hasSize(10);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ClaimResult claim(IdempotencyStore store, String key, String owner) {
		return store.claim(new IdempotencyClaim(key, "fp", owner, LEASE, TTL));
	}

	private static StoredResponse response(int size) {
		return new StoredResponse(200, Map.of("Content-Type", List.of("application/octet-stream")), new byte[size],
				false);
	}

}
