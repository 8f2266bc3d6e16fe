package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.apiguard.idempotency.store.JdbcIdempotencyPurger;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The conformance suite plus what only a database store must do: exactness across two connection pools (two
 * nodes), purging that never takes a live record, and leases decided by the database's own clock.
 */
abstract class AbstractJdbcIdempotencyStoreTests extends AbstractIdempotencyStoreConformanceTests {

	/** A hang detector, not a speed bound. */
	private static final long PATIENCE_SECONDS = 120;

	protected abstract IdempotencyJdbc.Database database();

	@Override
	protected IdempotencyStore createStore(MutableClock clock) {
		return store(database().first(), clock);
	}

	private JdbcIdempotencyStore store(javax.sql.DataSource dataSource, MutableClock clock) {
		return new JdbcIdempotencyStore(dataSource, database().table(), database().dialect(), clock);
	}

	@Test
	void ofSixtyFourConcurrentClaimsThroughTwoPoolsExactlyOneWins() throws Exception {
		List<JdbcIdempotencyStore> nodes = List.of(store(database().first(), this.clock),
				store(database().second(), this.clock));
		String key = "k-" + UUID.randomUUID();
		List<ClaimResult.Outcome> outcomes = concurrently(64,
				(i) -> nodes.get(i % 2).claim(new IdempotencyClaim(key, "fp", "owner-" + i, LEASE, TTL)).outcome());
		assertThat(outcomes).containsOnly(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.IN_FLIGHT);
		assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.Outcome.CLAIMED).hasSize(1);
	}

	@Test
	void ofSixtyFourConcurrentTakeoversOfAnExpiredRecordThroughTwoPoolsExactlyOneWins() throws Exception {
		List<JdbcIdempotencyStore> nodes = List.of(store(database().first(), this.clock),
				store(database().second(), this.clock));
		String key = "k-" + UUID.randomUUID();
		nodes.get(0).claim(new IdempotencyClaim(key, "fp", "owner-old", LEASE, LEASE));
		this.clock.advance(LEASE.plusSeconds(1));
		List<ClaimResult.Outcome> outcomes = concurrently(64,
				(i) -> nodes.get(i % 2).claim(new IdempotencyClaim(key, "fp", "owner-" + i, LEASE, TTL)).outcome());
		assertThat(outcomes).containsOnly(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.IN_FLIGHT);
		assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.Outcome.CLAIMED).hasSize(1);
		assertThat(nodes.get(1).complete(key, "owner-old", response(), TTL)).isFalse();
	}

	@Test
	void purgingUnderConcurrentClaimsTakesOnlyExpiredRecords() throws Exception {
		JdbcIdempotencyStore purger = store(database().first(), this.clock);
		JdbcIdempotencyStore claimer = store(database().second(), this.clock);
		int keys = 600;
		String prefix = "purge-" + UUID.randomUUID() + "-";
		for (int i = 0; i < keys; i++) {
			claimer.claim(new IdempotencyClaim(prefix + i, "fp", "owner-old", LEASE, LEASE));
		}
		// Every record expires; half of them are then claimed again while the purge runs, so that the purge and
		// the takeovers race for the same rows.
		this.clock.advance(LEASE.plusSeconds(1));
		AtomicBoolean claiming = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(3);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<List<String>> claimed = executor.submit(() -> {
				start.await();
				List<String> won = new ArrayList<>();
				for (int i = 0; i < keys; i += 2) {
					if (claimer.claim(new IdempotencyClaim(prefix + i, "fp", "owner-new", LEASE, TTL))
						.outcome() == ClaimResult.Outcome.CLAIMED) {
						won.add(prefix + i);
					}
				}
				claiming.set(false);
				return won;
			});
			Future<Integer> purged = executor.submit(() -> {
				start.await();
				int total = 0;
				while (claiming.get()) {
					total += purger.purgeExpired(7);
				}
				return total;
			});
			start.countDown();
			List<String> won = claimed.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
			purged.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
			assertThat(won).hasSize(keys / 2);
			while (purger.purgeExpired(50) > 0) {
				// Drains what expired.
			}
			for (String key : won) {
				assertThat(claimer.claim(new IdempotencyClaim(key, "fp", "owner-late", LEASE, TTL)).outcome())
					.as("the live record of %s", key)
					.isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
				assertThat(claimer.complete(key, "owner-new", response(), TTL)).isTrue();
			}
			assertThat(rows(prefix)).isEqualTo(keys / 2);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void purgeTakesAtMostOneBatchOfExpiredRecordsAndNoLiveOne() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String prefix = "batch-" + UUID.randomUUID() + "-";
		for (int i = 0; i < 5; i++) {
			store.claim(new IdempotencyClaim(prefix + "old-" + i, "fp", "owner", LEASE, LEASE));
		}
		this.clock.advance(LEASE.plusSeconds(1));
		store.claim(new IdempotencyClaim(prefix + "live", "fp", "owner", LEASE, TTL));
		long before = rows("");
		assertThat(store.purgeExpired(3)).isEqualTo(3);
		assertThat(rows("")).isEqualTo(before - 3);
		while (store.purgeExpired(3) > 0) {
			// Other tests' expired records go too.
		}
		assertThat(rows(prefix)).isEqualTo(1);
		assertThat(store.claim(new IdempotencyClaim(prefix + "live", "fp", "other", LEASE, TTL)).outcome())
			.isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
	}

	@Test
	void purgerDeletesEveryExpiredRecordBatchByBatchAndNoLiveOne() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String prefix = "purger-" + UUID.randomUUID() + "-";
		for (int i = 0; i < 5; i++) {
			store.claim(new IdempotencyClaim(prefix + "old-" + i, "fp", "owner", LEASE, LEASE));
		}
		this.clock.advance(LEASE.plusSeconds(1));
		store.claim(new IdempotencyClaim(prefix + "live", "fp", "owner", LEASE, TTL));
		assertThat(new JdbcIdempotencyPurger(store, Duration.ofMinutes(5), 2).purge()).isGreaterThanOrEqualTo(5);
		assertThat(rows(prefix)).isEqualTo(1);
	}

	@Test
	void withoutAClockTheDatabaseClockDecidesLeasesAndExpiry() {
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(database().first(), database().table(),
				database().dialect(), null);
		String key = "server-time-" + UUID.randomUUID();
		Duration lease = Duration.ofHours(1);
		assertThat(store.claim(new IdempotencyClaim(key, "fp", "owner-1", lease, lease)).outcome())
			.isEqualTo(ClaimResult.Outcome.CLAIMED);
		ClaimResult running = store.claim(new IdempotencyClaim(key, "fp", "owner-2", lease, lease));
		assertThat(running.outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(running.retryAfter()).isPositive().isLessThanOrEqualTo(lease);
		// The test's clock is far from the database's: the record's deadlines were set by the database.
		JdbcClient jdbc = JdbcClient.create(database().first());
		jdbc.sql("UPDATE " + database().table() + " SET lease_until = lease_until - 7200000, expires_at = expires_at - 7200000"
				+ " WHERE record_key = ?")
			.param(key)
			.update();
		assertThat(store.claim(new IdempotencyClaim(key, "fp", "owner-3", lease, lease)).outcome())
			.isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void transactionalClaimWhoseLeaseRanOutWithNothingCommittedIsTakenOverByItsRetryNotOutcomeUnknown() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "tx-crashed-" + UUID.randomUUID();
		assertThat(store.claim(transactional(key, "fp", "owner-1")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(store.claim(transactional(key, "fp", "owner-2")).outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		// The node was killed mid-transaction: nothing committed, no completion, the lease runs out.
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(store.claim(transactional(key, "other-fp", "owner-2")).outcome())
			.isEqualTo(ClaimResult.Outcome.MISMATCH);
		assertThat(store.claim(transactional(key, "fp", "owner-3")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(store.claim(transactional(key, "fp", "owner-4")).outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(store.complete(key, "owner-1", response(), TTL)).isFalse();
		assertThat(store.complete(key, "owner-3", response(), TTL)).isTrue();
		assertThat(store.claim(transactional(key, "fp", "owner-5")).outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
	}

	@Test
	void plainClaimWhoseLeaseRanOutStaysOutcomeUnknownEvenForATransactionalRetry() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "plain-crashed-" + UUID.randomUUID();
		store.claim(new IdempotencyClaim(key, "fp", "owner-1", LEASE, TTL));
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(store.claim(transactional(key, "fp", "owner-2")).outcome())
			.isEqualTo(ClaimResult.Outcome.OUTCOME_UNKNOWN);
	}

	@Test
	void workCommittedWithTheMarkIsNeverRunAgainAndWithoutResponseIsResponseLostAfterTheLease() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "tx-committed-" + UUID.randomUUID();
		store.claim(transactional(key, "fp", "owner-1"));
		String business = businessTable();
		inTransaction(() -> {
			insert(business, key);
			assertThat(store.markCommitted(key, "owner-1")).isTrue();
		}, false);
		assertThat(store.claim(transactional(key, "fp", "owner-2")).outcome()).isEqualTo(ClaimResult.Outcome.IN_FLIGHT);
		assertThat(store.release(key, "owner-1")).as("a committed record is never released").isFalse();
		assertThat(store.renew(key, "owner-1", LEASE)).isTrue();
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(store.claim(transactional(key, "fp", "owner-3")).outcome())
			.isEqualTo(ClaimResult.Outcome.RESPONSE_LOST);
		assertThat(store.claim(transactional(key, "fp", "owner-4")).outcome())
			.isEqualTo(ClaimResult.Outcome.RESPONSE_LOST);
		assertThat(count(business)).isEqualTo(1);
		// The first request may still record its response: retries then get the replay.
		assertThat(store.complete(key, "owner-1", response(), TTL)).isTrue();
		assertThat(store.claim(transactional(key, "fp", "owner-5")).outcome()).isEqualTo(ClaimResult.Outcome.REPLAY);
	}

	@Test
	void rolledBackWorkTakesItsMarkWithItAndTheReleasedKeyRunsAgain() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "tx-rolled-back-" + UUID.randomUUID();
		store.claim(transactional(key, "fp", "owner-1"));
		String business = businessTable();
		inTransaction(() -> {
			insert(business, key);
			assertThat(store.markCommitted(key, "owner-1")).isTrue();
		}, true);
		assertThat(count(business)).isZero();
		assertThat(store.release(key, "owner-1")).isTrue();
		assertThat(store.claim(transactional(key, "fp", "owner-2")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
	}

	@Test
	void lateCommitOfATransactionalClaimTakenOverIsRefused() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "tx-late-" + UUID.randomUUID();
		store.claim(transactional(key, "fp", "owner-1"));
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(store.claim(transactional(key, "fp", "owner-2")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		inTransaction(() -> assertThat(store.markCommitted(key, "owner-1")).isFalse(), true);
		inTransaction(() -> assertThat(store.markCommitted(key, "owner-2")).isTrue(), false);
	}

	@Test
	void markCommittedNeedsATransactionOnTheStoresDatabase() {
		JdbcIdempotencyStore store = store(database().first(), this.clock);
		String key = "tx-none-" + UUID.randomUUID();
		store.claim(transactional(key, "fp", "owner-1"));
		assertThatIllegalStateException().isThrownBy(() -> store.markCommitted(key, "owner-1"));
		assertThat(store.participatesInCurrentTransaction()).isFalse();
		inTransaction(() -> assertThat(store.participatesInCurrentTransaction()).isTrue(), true);
	}

	@Test
	void ofThirtyTwoConcurrentRetriesOfACrashedTransactionalClaimThroughTwoPoolsExactlyOneRuns() throws Exception {
		List<JdbcIdempotencyStore> nodes = List.of(store(database().first(), this.clock),
				store(database().second(), this.clock));
		String key = "tx-race-" + UUID.randomUUID();
		nodes.get(0).claim(transactional(key, "fp", "owner-crashed"));
		this.clock.advance(LEASE.plusSeconds(1));
		List<ClaimResult.Outcome> outcomes = concurrently(32,
				(i) -> nodes.get(i % 2).claim(transactional(key, "fp", "owner-" + i)).outcome());
		assertThat(outcomes).containsOnly(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.IN_FLIGHT);
		assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.Outcome.CLAIMED).hasSize(1);
	}

	private static IdempotencyClaim transactional(String key, String fingerprint, String owner) {
		return new IdempotencyClaim(key, fingerprint, owner, LEASE, TTL, true);
	}

	private void inTransaction(Runnable work, boolean rollback) {
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(database().first()));
		template.executeWithoutResult((status) -> {
			work.run();
			if (rollback) {
				status.setRollbackOnly();
			}
		});
	}

	private String businessTable() {
		String table = "biz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcClient.create(database().first()).sql("CREATE TABLE " + table + " (id VARCHAR(255) PRIMARY KEY)").update();
		return table;
	}

	private void insert(String table, String id) {
		JdbcClient.create(database().first()).sql("INSERT INTO " + table + " (id) VALUES (?)").param(id).update();
	}

	private long count(String table) {
		return JdbcClient.create(database().first())
			.sql("SELECT COUNT(*) FROM " + table)
			.query(Long.class)
			.single();
	}

	private long rows(String prefix) {
		return JdbcClient.create(database().first())
			.sql("SELECT COUNT(*) FROM " + database().table() + " WHERE record_key LIKE ?")
			.param(prefix + "%")
			.query(Long.class)
			.single();
	}

	private static StoredResponse response() {
		return new StoredResponse(200, java.util.Map.of(), new byte[] { 1 }, false);
	}

	private static <T> List<T> concurrently(int threads, IndexedTask<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					start.await();
					return task.run(index);
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface IndexedTask<T> {

		T run(int index) throws Exception;

	}

}
