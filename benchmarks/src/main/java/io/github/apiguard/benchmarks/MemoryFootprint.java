package io.github.apiguard.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.store.InMemoryRateLimiter;
import io.github.apiguard.ratelimit.Limit;

/**
 * Heap per tracked rate-limit key and per stored idempotency record in the in-memory stores, measured over
 * a large population (the difference in used heap after full collections, divided by the population). Key
 * strings are the length apiguard's client keys have ({@code p:} + 22 characters) and are counted in.
 */
final class MemoryFootprint {

	private MemoryFootprint() {
	}

	/**
	 * The heap the client key strings alone take, to tell the limiter's own state from the keys it is given.
	 */
	static double bytesPerKeyString(int population) {
		long before = usedHeap();
		String[] keys = new String[population];
		for (int i = 0; i < population; i++) {
			keys[i] = clientKey(i);
		}
		long after = usedHeap();
		keepAlive(keys);
		return (double) (after - before) / population;
	}

	static double bytesPerRateLimitKey(int population) {
		InMemoryRateLimiter limiter = new InMemoryRateLimiter(2L * population, Duration.ofHours(1), Clock.systemUTC());
		List<Charge> charges = List.of(new Charge("api", Limit.rate("per-minute", 600, Duration.ofMinutes(1)), 1));
		long before = usedHeap();
		for (int i = 0; i < population; i++) {
			limiter.tryAcquire(clientKey(i), charges);
		}
		long after = usedHeap();
		keepAlive(limiter);
		return (double) (after - before) / population;
	}

	static double bytesPerIdempotencyRecord(int population) {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(4L * 1024 * 1024 * 1024, Clock.systemUTC());
		byte[] body = "{\"id\":\"bld_0123456789abcdef\",\"name\":\"nightly\",\"status\":\"processing\"}".getBytes();
		long before = usedHeap();
		for (int i = 0; i < population; i++) {
			IdempotencyClaim claim = new IdempotencyClaim(clientKey(i), "f".repeat(43), "owner", Duration.ofSeconds(30),
					Duration.ofHours(24));
			store.claim(claim);
			store.complete(claim.key(), "owner",
					new StoredResponse(201, Map.of("Location", List.of("/v1/builds/bld_0123456789abcdef")), body, false),
					Duration.ofHours(24));
		}
		long after = usedHeap();
		keepAlive(store);
		return (double) (after - before) / population;
	}

	private static String clientKey(int i) {
		String digits = Integer.toString(i, 36);
		return "p:" + "0".repeat(22 - digits.length()) + digits;
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 4; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static void keepAlive(Object object) {
		if (object.hashCode() == System.identityHashCode(new Object())) {
			System.out.print("");
		}
	}

}
