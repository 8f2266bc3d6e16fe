package io.github.apiguard.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apiguard.support.MutableClock;

/**
 * What every {@link IdempotencyStore} must do, run against each store with a clock the test moves.
 */
public abstract class AbstractIdempotencyStoreConformanceTests {

	protected static final Duration LEASE = Duration.ofSeconds(30);

	protected static final Duration TTL = Duration.ofHours(24);

	protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private IdempotencyStore store;

	private String key;

	protected abstract IdempotencyStore createStore(MutableClock clock);

	@BeforeEach
	void createStoreAndKey() {
		this.store = createStore(this.clock);
		this.key = "k-" + UUID.randomUUID();
	}

	@Test
	void firstClaimOfAKeyWins() {
		assertThat(claim("fp", "owner-1").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void secondClaimWhileTheFirstRunsIsInFlightWithTheLeaseLeft() {
		claim("fp", "owner-1");
		this.clock.advance(Duration.ofSeconds(10));
		ClaimResult result = claim("fp", "owner-2");
		assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void completedRecordIsReplayedByteForByte() {
		claim("fp", "owner-1");
		StoredResponse response = response(201, "{\"id\":42}");
		assertThat(this.store.complete(this.key, "owner-1", response, TTL)).isTrue();
		ClaimResult result = claim("fp", "owner-2");
		assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
		assertThat(result.response()).isEqualTo(response);
	}

	@Test
	void binaryBodiesAndRepeatedHeadersSurviveTheRoundTrip() {
		claim("fp", "owner-1");
		byte[] body = new byte[256];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) i;
		}
		StoredResponse response = new StoredResponse(200,
				Map.of("Link", List.of("</a>; rel=\"a\"", "</b>; rel=\"b\"")), body, false);
		this.store.complete(this.key, "owner-1", response, TTL);
		assertThat(claim("fp", "owner-2").response()).isEqualTo(response);
	}

	@Test
	void bodyOmittedIsKept() {
		claim("fp", "owner-1");
		StoredResponse response = new StoredResponse(200, Map.of(), new byte[0], true);
		this.store.complete(this.key, "owner-1", response, TTL);
		assertThat(claim("fp", "owner-2").response().bodyOmitted()).isTrue();
	}

	@Test
	void sameKeyWithAnotherFingerprintIsAMismatchWhileRunningAndOnceCompleted() {
		claim("fp", "owner-1");
		assertThat(claim("other", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.MISMATCH);
		this.store.complete(this.key, "owner-1", response(200, "ok"), TTL);
		assertThat(claim("other", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.MISMATCH);
	}

	@Test
	void releasedKeyCanBeClaimedAgain() {
		claim("fp", "owner-1");
		assertThat(this.store.release(this.key, "owner-1")).isTrue();
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void leaseThatExpiredWithoutOutcomeAnswersOutcomeUnknownNotAClaim() {
		claim("fp", "owner-1");
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
		assertThat(claim("fp", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
	}

	@Test
	void ownerWhoseLeaseExpiredMayStillRecordTheOutcomeWhileNobodyElseOwnsTheKey() {
		claim("fp", "owner-1");
		this.clock.advance(LEASE.plusSeconds(5));
		assertThat(this.store.complete(this.key, "owner-1", response(200, "late"), TTL)).isTrue();
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
	}

	@Test
	void renewalByTheOwnerKeepsTheRequestInFlightPastItsFirstLease() {
		claim("fp", "owner-1");
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.store.renew(this.key, "owner-1", LEASE)).isTrue();
		this.clock.advance(Duration.ofSeconds(20));
		ClaimResult result = claim("fp", "owner-2");
		assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void renewedLeaseKeepsTheRecordInFlightPastItsTtl() {
		Duration ttl = LEASE.multipliedBy(2);
		this.store.claim(new IdempotencyClaim(this.key, "fp", "owner-1", LEASE, ttl));
		// Renewed every third of the lease, as the renewer does, until twice the TTL has passed.
		for (int i = 0; i < 12; i++) {
			this.clock.advance(LEASE.dividedBy(3));
			assertThat(this.store.renew(this.key, "owner-1", LEASE)).as("renewal %d", i + 1).isTrue();
		}
		ClaimResult duplicate = claim("fp", "owner-2");
		assertThat(duplicate.outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(duplicate.retryAfter()).isEqualTo(LEASE);
		assertThat(claim("other", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.MISMATCH);
		assertThat(this.store.complete(this.key, "owner-1", response(201, "slow but kept"), TTL)).isTrue();
		assertThat(body(claim("fp", "owner-4"))).isEqualTo("slow but kept");
	}

	@Test
	void renewalRestartsTheTtlSoThatACrashPastTheTtlIsStillAnUnknownOutcome() {
		Duration ttl = LEASE.multipliedBy(2);
		this.store.claim(new IdempotencyClaim(this.key, "fp", "owner-1", LEASE, ttl));
		this.clock.advance(ttl);
		assertThat(this.store.renew(this.key, "owner-1", LEASE)).isTrue();
		// The request crashes right after this renewal: its lease runs out with no outcome...
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
		// ...and the record is kept for one TTL from the last renewal, as it was from the claim, never less.
		this.clock.advance(ttl.minus(LEASE).minusSeconds(2));
		assertThat(claim("fp", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(claim("fp", "owner-4").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void renewalByAStaleOwnerOrOfACompletedRecordFails() {
		claim("fp", "owner-1");
		assertThat(this.store.renew(this.key, "owner-2", LEASE)).isFalse();
		this.store.complete(this.key, "owner-1", response(200, "done"), TTL);
		assertThat(this.store.renew(this.key, "owner-1", LEASE)).isFalse();
		assertThat(body(claim("fp", "owner-3"))).isEqualTo("done");
	}

	@Test
	void completedRecordExpiresAfterItsTtlAndTheKeyIsFreeAgain() {
		claim("fp", "owner-1");
		this.store.complete(this.key, "owner-1", response(200, "ok"), TTL);
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(claim("other", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void staleOwnerCannotCompleteOrReleaseAfterTheKeyWasReleasedAndClaimedAgain() {
		claim("fp", "owner-1");
		this.store.release(this.key, "owner-1");
		claim("fp", "owner-2");
		assertThat(this.store.complete(this.key, "owner-1", response(200, "stale"), TTL)).isFalse();
		assertThat(this.store.release(this.key, "owner-1")).isFalse();
		assertThat(claim("fp", "owner-3").outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(this.store.complete(this.key, "owner-2", response(200, "fresh"), TTL)).isTrue();
		assertThat(body(claim("fp", "owner-4"))).isEqualTo("fresh");
	}

	@Test
	void staleOwnerCannotOverwriteTheOwnerOfARecordClaimedAfterExpiry() {
		Duration shortTtl = LEASE.multipliedBy(2);
		this.store.claim(new IdempotencyClaim(this.key, "fp", "owner-1", LEASE, shortTtl));
		this.clock.advance(shortTtl.plusSeconds(1));
		assertThat(claim("fp", "owner-2").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(this.store.complete(this.key, "owner-1", response(200, "stale"), TTL)).isFalse();
		assertThat(this.store.complete(this.key, "owner-2", response(200, "fresh"), TTL)).isTrue();
		assertThat(body(claim("fp", "owner-3"))).isEqualTo("fresh");
	}

	@Test
	void completedRecordCannotBeCompletedOrReleasedAgain() {
		claim("fp", "owner-1");
		this.store.complete(this.key, "owner-1", response(200, "first"), TTL);
		assertThat(this.store.complete(this.key, "owner-1", response(200, "second"), TTL)).isFalse();
		assertThat(this.store.release(this.key, "owner-1")).isFalse();
		assertThat(body(claim("fp", "owner-2"))).isEqualTo("first");
	}

	@Test
	void completingOrReleasingAnUnknownKeyReportsALostClaim() {
		assertThat(this.store.complete(this.key, "owner-1", response(200, "x"), TTL)).isFalse();
		assertThat(this.store.release(this.key, "owner-1")).isFalse();
	}

	@Test
	void ofSixtyFourConcurrentClaimsExactlyOneWinsAndTheOthersSeeItInFlight() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(64);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ClaimResult>> futures = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				String owner = "owner-" + i;
				futures.add(executor.submit(() -> {
					start.await();
					return claim("fp", owner);
				}));
			}
			start.countDown();
			List<ClaimResult.Outcome> outcomes = new ArrayList<>();
			for (Future<ClaimResult> future : futures) {
				outcomes.add(future.get().outcome());
			}
			assertThat(outcomes).containsOnly(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.IN_FLIGHT);
			assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.Outcome.CLAIMED).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private ClaimResult claim(String fingerprint, String owner) {
		return this.store.claim(new IdempotencyClaim(this.key, fingerprint, owner, LEASE, TTL));
	}

	private static StoredResponse response(int status, String body) {
		return new StoredResponse(status, Map.of("Content-Type", List.of("application/json")),
				body.getBytes(StandardCharsets.UTF_8), false);
	}

	private static String body(ClaimResult result) {
		assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
		return new String(result.response().body(), StandardCharsets.UTF_8);
	}

}
