package io.github.apiguard.idempotency.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.releasesInDoubt() == 0);
		int calls = this.store.releases.size();
		// The third try may already find the store healed.
		assertThat(this.store.failed).hasSizeGreaterThanOrEqualTo(2).containsOnly("record/owner");
		assertThat(this.store.answered).containsExactly("record/owner");
		// Nothing is left to retry: a later claim in doubt is released at its first try.
		this.renewer.releaseInDoubt("other", "owner-2", TTL);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.releasesInDoubt() == 0);
		assertThat(this.store.releases).hasSize(calls + 1).last().isEqualTo("other/owner-2");
	}

	@Test
	void whileTheStoreFailsOneClaimIsTriedAtATimeAndTheOthersWaitBehindIt() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.renewer.releaseInDoubt("record-" + i, "owner-" + i, TTL);
		}
		this.store.awaitReleases(3);
		assertThat(this.renewer.releasesInDoubt()).isEqualTo(5);
		this.store.heal();
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.releasesInDoubt() == 0);
		assertThat(this.store.failed).containsOnly("record-0/owner-0");
		assertThat(this.store.answered).containsExactly("record-0/owner-0", "record-1/owner-1", "record-2/owner-2",
				"record-3/owner-3", "record-4/owner-4");
	}

	@Test
	void releaseIsGivenUpOnceTheRecordTheClaimWouldHaveMadeHasExpired(CapturedOutput output) throws Exception {
		this.renewer.releaseInDoubt("record", "owner", TTL);
		this.store.awaitReleases(1);
		this.clock.advance(TTL);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.renewer.releasesInDoubt() == 0);
		assertThat(output).contains("Gave up releasing idempotency record record");
		assertThat(this.store.answered).isEmpty();
	}

	@Test
	void claimsInDoubtWaitingForTheStoreAreBounded(CapturedOutput output) throws Exception {
		for (int i = 0; i < IdempotencyLeaseRenewer.MAX_RELEASES_IN_DOUBT + 10; i++) {
			this.renewer.releaseInDoubt("record-" + i, "owner-" + i, TTL);
		}
		assertThat(this.renewer.releasesInDoubt()).isEqualTo(IdempotencyLeaseRenewer.MAX_RELEASES_IN_DOUBT);
		assertThat(output).containsOnlyOnce("idempotency claims that failed are waiting to be released");
		this.store.heal();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.renewer.releasesInDoubt() == 0);
		assertThat(this.store.answered).hasSize(IdempotencyLeaseRenewer.MAX_RELEASES_IN_DOUBT);
	}

	/** A store whose releases time out until {@link #heal()}; then they find no claim of their owner. */
	static final class FailingStore implements IdempotencyStore {

		final List<String> releases = new CopyOnWriteArrayList<>();

		final List<String> failed = new CopyOnWriteArrayList<>();

		final List<String> answered = new CopyOnWriteArrayList<>();

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
			String call = key + "/" + owner;
			this.releases.add(call);
			this.waiting.forEach(CountDownLatch::countDown);
			if (!this.healthy) {
				this.failed.add(call);
				throw new QueryTimeoutException("Redis command timed out");
			}
			this.answered.add(call);
			return false;
		}

		@Override
		public ClaimResult claim(IdempotencyClaim claim) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
			throw new UnsupportedOperationException();
		}

	}

}
