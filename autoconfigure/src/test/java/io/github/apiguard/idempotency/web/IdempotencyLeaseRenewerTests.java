package io.github.apiguard.idempotency.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The renewer tells a claim lost by its request apart from a request that simply ended while a renewal
 * was on its way: found by the fault suite, where requests slower than a third of the lease logged "lost
 * its claim while its request was still running" for requests that had just completed normally.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyLeaseRenewerTests {

	private final BlockingStore store = new BlockingStore();

	private final IdempotencyLeaseRenewer renewer = new IdempotencyLeaseRenewer(this.store, Duration.ofMillis(30));

	@AfterEach
	void stop() {
		this.renewer.destroy();
	}

	@Test
	void aRenewalRacingTheEndOfItsRequestIsNotReportedAsALostClaim(CapturedOutput output) throws Exception {
		ScheduledFuture<?> renewal = this.renewer.keep("record", "owner");
		assertThat(this.store.renewing.await(120, TimeUnit.SECONDS)).isTrue();
		// The request ends (IdempotentExchange.stopRenewing) and completes its record while the renewal is
		// inside the store; the store then finds the record completed and answers "not in flight".
		renewal.cancel(false);
		this.store.answer(false);
		assertThat(this.store.answered.await(120, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(100);
		assertThat(output).doesNotContain("lost its claim");
	}

	@Test
	void aClaimLostWhileItsRequestRunsIsReportedAndNoLongerRenewed(CapturedOutput output) throws Exception {
		ScheduledFuture<?> renewal = this.renewer.keep("record", "owner");
		assertThat(this.store.renewing.await(120, TimeUnit.SECONDS)).isTrue();
		this.store.answer(false);
		assertThat(this.store.answered.await(120, TimeUnit.SECONDS)).isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (!renewal.isDone() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(renewal.isDone()).isTrue();
		assertThat(output).contains("Idempotency record record lost its claim while its request was still running");
		assertThat(this.store.renewals).isOne();
	}

	@Test
	void aRenewalStuckOnOneRecordHoldsUpNeitherTheOtherClaimsNorASecondRenewalOfItsOwn() throws Exception {
		// Issue 22: one renewal waiting on a locked row (or a busy pool) used to stop every lease of the node.
		StuckStore stuck = new StuckStore();
		IdempotencyLeaseRenewer renewer = new IdempotencyLeaseRenewer(stuck, Duration.ofMillis(30));
		try {
			ScheduledFuture<?> blocked = renewer.keep("blocked", "owner-1");
			assertThat(stuck.blocked.await(120, TimeUnit.SECONDS)).isTrue();
			ScheduledFuture<?> healthy = renewer.keep("healthy", "owner-2");
			assertThat(stuck.healthyRenewals.await(120, TimeUnit.SECONDS)).as("renewals of the healthy claim").isTrue();
			// Many periods have passed for the blocked claim too: still one renewal of it, the one under way.
			assertThat(stuck.blockedRenewals).hasValue(1);
			blocked.cancel(false);
			healthy.cancel(false);
		}
		finally {
			stuck.unblock();
			renewer.destroy();
		}
	}

	/** Renewals of {@code blocked} wait until the test unblocks them; the others are answered at once. */
	static final class StuckStore extends RenewingOnly {

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch healthyRenewals = new CountDownLatch(5);

		final AtomicInteger blockedRenewals = new AtomicInteger();

		private final CountDownLatch unblock = new CountDownLatch(1);

		void unblock() {
			this.unblock.countDown();
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			if (key.equals("blocked")) {
				this.blockedRenewals.incrementAndGet();
				this.blocked.countDown();
				try {
					this.unblock.await(120, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return true;
			}
			this.healthyRenewals.countDown();
			return true;
		}

	}

	/** A store whose first renewal waits until the test answers it. */
	static final class BlockingStore extends RenewingOnly {

		final CountDownLatch renewing = new CountDownLatch(1);

		final CountDownLatch answered = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		private volatile boolean answer;

		volatile int renewals;

		void answer(boolean owned) {
			this.answer = owned;
			this.release.countDown();
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			this.renewals++;
			this.renewing.countDown();
			try {
				this.release.await(120, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.answered.countDown();
			return this.answer;
		}

	}

	/** A store the renewer only renews with: any other call is a mistake of the test. */
	abstract static class RenewingOnly implements IdempotencyStore {

		@Override
		public ClaimResult claim(IdempotencyClaim claim) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean release(String key, String owner) {
			throw new UnsupportedOperationException();
		}

	}

}
