package io.github.apiguard.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;

/**
 * The idempotency store's part of one request, under 8 threads, on every store in the same run: a first request
 * (claim a new key, then complete it with a 201) and a replay (a claim of a completed key, answered with the
 * stored response). In memory, a real Redis, an embedded H2 and a real PostgreSQL; the JDBC stores use a
 * pool of 8 connections and the database's clock.
 * <p>
 * Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main
 * IdempotencyStoreBenchmark -f 1 -wi 2 -i 3}. Statements and round trips per request: {@link JdbcStatementCounts}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
@Threads(8)
public class IdempotencyStoreBenchmark {

	static final int COMPLETED_KEYS = 10_000;

	@Param({ "memory", "redis", "h2", "postgresql" })
	public String store;

	private IdempotencyStores stores;

	private IdempotencyStore idempotency;

	private final AtomicLong nextKey = new AtomicLong();

	private final String run = Long.toString(System.nanoTime(), 36);

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.stores = IdempotencyStores.open(this.store, 8, (dataSource) -> dataSource);
		this.idempotency = this.stores.store();
		for (int i = 0; i < COMPLETED_KEYS; i++) {
			IdempotencyClaim claim = IdempotencyStores.claim(completedKey(i), false);
			this.idempotency.claim(claim);
			this.idempotency.complete(claim.key(), claim.owner(), IdempotencyStores.RESPONSE, IdempotencyStores.TTL);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.stores.close();
	}

	private String completedKey(int i) {
		return "done-" + this.run + "-" + i;
	}

	@State(Scope.Thread)
	public static class Cursor {

		int next = (int) (Math.random() * COMPLETED_KEYS);

		int next() {
			this.next = (this.next + 1) % COMPLETED_KEYS;
			return this.next;
		}

	}

	/**
	 * A first request's store operations: claim a new key, complete it.
	 * @return whether the completion was stored
	 */
	@Benchmark
	public boolean claimAndComplete() {
		IdempotencyClaim claim = IdempotencyStores.claim("new-" + this.run + "-" + this.nextKey.incrementAndGet(), false);
		ClaimResult result = this.idempotency.claim(claim);
		if (result.outcome() != ClaimResult.Outcome.CLAIMED) {
			throw new IllegalStateException("Not claimed: " + result);
		}
		return this.idempotency.complete(claim.key(), claim.owner(), IdempotencyStores.RESPONSE, IdempotencyStores.TTL);
	}

	/**
	 * A retry of a completed request: one claim, answered with the stored response.
	 * @return the claim's result
	 */
	@Benchmark
	public ClaimResult replay(Cursor cursor) {
		ClaimResult result = this.idempotency.claim(IdempotencyStores.claim(completedKey(cursor.next()), false));
		if (result.outcome() != ClaimResult.Outcome.REPLAY) {
			throw new IllegalStateException("Not a replay: " + result);
		}
		return result;
	}

}
