package io.github.apiguard.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.ratelimit.Limit;

/**
 * One in-memory rate-limit decision: apiguard's limiter against a Bucket4j local bucket per key (held in a
 * {@link ConcurrentHashMap}, as applications keep them), for one hot key and for a million distinct keys.
 * The limit is high enough that every request is admitted, so both sides do the same work: a full update
 * that also yields what the rate-limit headers need (Bucket4j's {@code tryConsumeAndReturnRemaining}).
 * apiguard builds a limit's status (remaining, reset, retry-after) when it is first read:
 * {@link #apiguardReadingStatus} reads it, as the interceptor does when it writes the headers.
 * <p>
 * Two threads on one hot key contend for one compare-and-set on both sides, and on two cores the result is
 * bimodal (whether the threads run at once or take turns): run several forks and compare medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(2)
public class InMemoryLimiterBenchmark {

	static final int DISTINCT_KEYS = 1_000_000;

	@Param({ "hot", "distinct" })
	public String keys;

	private String[] keyspace;

	private InMemoryRateLimiter apiguard;

	private List<Charge> charges;

	private ConcurrentHashMap<String, Bucket> buckets;

	@Setup
	public void setUp() {
		int size = this.keys.equals("hot") ? 1 : DISTINCT_KEYS;
		this.keyspace = new String[size];
		for (int i = 0; i < size; i++) {
			this.keyspace[i] = "c:" + i;
		}
		this.apiguard = new InMemoryRateLimiter(2L * DISTINCT_KEYS, Duration.ofHours(1), Clock.systemUTC());
		this.charges = List.of(new Charge("bench", Limit.rate("never-reached", 1_000_000_000_000L, Duration.ofSeconds(1_000_000)), 1));
		this.buckets = new ConcurrentHashMap<>();
	}

	@State(Scope.Thread)
	public static class Cursor {

		int next;

		String key(String[] keyspace) {
			int index = this.next;
			this.next = (index + 1 == keyspace.length) ? 0 : index + 1;
			return keyspace[index];
		}

	}

	@Benchmark
	public boolean apiguard(Cursor cursor) {
		return this.apiguard.tryAcquire(cursor.key(this.keyspace), this.charges).allowed();
	}

	@Benchmark
	public long apiguardReadingStatus(Cursor cursor) {
		return this.apiguard.tryAcquire(cursor.key(this.keyspace), this.charges).statuses().get(0).remaining();
	}

	@Benchmark
	public boolean bucket4j(Cursor cursor) {
		return this.buckets.computeIfAbsent(cursor.key(this.keyspace), (key) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(1_000_000_000_000L).refillGreedy(1_000_000_000_000L, Duration.ofSeconds(1_000_000)).build())
			.build()).tryConsumeAndReturnRemaining(1).isConsumed();
	}

}
