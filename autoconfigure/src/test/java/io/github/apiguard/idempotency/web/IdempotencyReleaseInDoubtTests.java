package io.github.apiguard.idempotency.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the renewer releases claims in doubt (their call failed, perhaps after the store ran them): retried
 * until the store answers, one call at a time while it fails, given up once the record would have expired,
 * and never more waiting than the bound. The store here fails until the test heals it.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyReleaseInDoubtTests {

	private static final Duration TTL = Duration.ofHours(24);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FailingStore store = new FailingStore();

	private final IdempotencyLeaseRenewer renewer = new IdempotencyLeaseRenewer(this.store, Duration.ofSeconds(30),
			new ScheduledThreadPoolExecutor(1), this.clock);

	@AfterEach
	void stop() {
		this.store.heal();
		this.renewer.destroy();
	}

	@Test
	void releaseIsRetriedUntilTheStoreAnswersThenNoMore() throws Exception {
		this.renewer.releaseInDoubt("record", "owner", TTL);
		this.store.awaitReleases(3);
		this.store.heal();
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.callsInDoubt() == 0);
		int calls = this.store.releases.size();
		// The third try may already find the store healed.
		assertThat(this.store.failed).hasSizeGreaterThanOrEqualTo(2).containsOnly("record/owner");
		assertThat(this.store.answered).containsExactly("record/owner");
		// Nothing is left to retry: a later claim in doubt is released at its first try.
		this.renewer.releaseInDoubt("other", "owner-2", TTL);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.callsInDoubt() == 0);
		assertThat(this.store.releases).hasSize(calls + 1).last().isEqualTo("other/owner-2");
	}

	@Test
	void whileTheStoreFailsOneClaimIsTriedAtATimeAndTheOthersWaitBehindIt() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.renewer.releaseInDoubt("record-" + i, "owner-" + i, TTL);
		}
		this.store.awaitReleases(3);
		assertThat(this.renewer.callsInDoubt()).isEqualTo(5);
		this.store.heal();
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.callsInDoubt() == 0);
		assertThat(this.store.failed).containsOnly("record-0/owner-0");
		assertThat(this.store.answered).containsExactly("record-0/owner-0", "record-1/owner-1", "record-2/owner-2",
				"record-3/owner-3", "record-4/owner-4");
	}

	@Test
	void releaseIsGivenUpOnceTheRecordTheClaimWouldHaveMadeHasExpired(CapturedOutput output) throws Exception {
		this.renewer.releaseInDoubt("record", "owner", TTL);
		this.store.awaitReleases(1);
		this.clock.advance(TTL);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.callsInDoubt() == 0);
		assertThat(output).contains("Gave up releasing idempotency record record");
		assertThat(this.store.answered).isEmpty();
	}

	@Test
	void aCompletionIsGivenUpOnceItsRecordHasExpired(CapturedOutput output) throws Exception {
		StoredResponse response = new StoredResponse(201, Map.of(), new byte[0], false);
		this.renewer.completeInDoubt("record", "owner", response, TTL);
		this.store.awaitReleases(1);
		this.clock.advance(TTL);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.callsInDoubt() == 0);
		assertThat(output).contains("Gave up storing the outcome of idempotency record record");
		assertThat(this.store.completed).isEmpty();
	}

	@Test
	void claimsInDoubtWaitingForTheStoreAreBounded(CapturedOutput output) throws Exception {
		for (int i = 0; i < IdempotencyLeaseRenewer.MAX_CALLS_IN_DOUBT + 10; i++) {
			this.renewer.releaseInDoubt("record-" + i, "owner-" + i, TTL);
		}
		assertThat(this.renewer.callsInDoubt()).isEqualTo(IdempotencyLeaseRenewer.MAX_CALLS_IN_DOUBT);
		assertThat(output).containsOnlyOnce("idempotency store calls that failed are waiting to be made again");
		this.store.heal();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.renewer.callsInDoubt() == 0);
		assertThat(this.store.answered).hasSize(IdempotencyLeaseRenewer.MAX_CALLS_IN_DOUBT);
	}

	@Test
	void aCompletionIsRetriedUntilTheStoreAnswersWithItsLeaseRenewedMeanwhile() throws Exception {
		// A short lease, so that renewals are due while the completion waits for the store.
		IdempotencyLeaseRenewer renewer = new IdempotencyLeaseRenewer(this.store, Duration.ofMillis(30),
				new ScheduledThreadPoolExecutor(1), this.clock);
		try {
			StoredResponse response = new StoredResponse(201, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), false);
			renewer.completeInDoubt("record", "owner", response, TTL);
			this.store.awaitReleases(2);
			// Its retries are told "in flight" meanwhile, rather than "outcome unknown" once the lease ran out.
			await().atMost(Duration.ofSeconds(120)).until(() -> this.store.renewals.get() >= 2);
			this.store.heal();
			await().atMost(Duration.ofSeconds(120)).until(() -> renewer.callsInDoubt() == 0);
			assertThat(this.store.answered).containsExactly("complete record/owner");
			assertThat(this.store.completed).containsExactly(response);
		}
		finally {
			renewer.destroy();
		}
	}

	/**
	 * A store whose releases and completions time out until {@link #heal()}; then releases find no claim of
	 * their owner, and completions succeed.
	 */
	static final class FailingStore implements IdempotencyStore {

		final List<String> releases = new CopyOnWriteArrayList<>();

		final List<String> failed = new CopyOnWriteArrayList<>();

		final List<String> answered = new CopyOnWriteArrayList<>();

		final List<StoredResponse> completed = new CopyOnWriteArrayList<>();

		final AtomicInteger renewals = new AtomicInteger();

		private final List<CountDownLatch> waiting = new CopyOnWriteArrayList<>();

		private volatile boolean healthy;

		void heal() {
			this.healthy = true;
		}

		void awaitReleases(int count) throws InterruptedException {
			CountDownLatch latch = new CountDownLatch(Math.max(0, count - this.releases.size()));
			this.waiting.add(latch);
			assertThat(latch.await(120, TimeUnit.SECONDS)).as("%d releases tried", count).isTrue();
		}

		@Override
		public boolean release(String key, String owner) {
			attempt(key + "/" + owner);
			return false;
		}

		/** Records a call, and times it out unless healed. */
		private void attempt(String call) {
			this.releases.add(call);
			this.waiting.forEach(CountDownLatch::countDown);
			if (!this.healthy) {
				this.failed.add(call);
				throw new QueryTimeoutException("Redis command timed out");
			}
			this.answered.add(call);
		}

		@Override
		public ClaimResult claim(IdempotencyClaim claim) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			this.renewals.incrementAndGet();
			return true;
		}

		@Override
		public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
			attempt("complete " + key + "/" + owner);
			this.completed.add(response);
			return true;
		}

	}

}
