package io.github.apiguard.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;

/**
 * Redis commands sent per operation, read from {@code INFO commandstats} deltas on a real server: rate-limit
 * decisions (apiguard and Bucket4j, one hot key under 8 threads) and idempotency requests.
 */
final class RedisCommandCounts {

	private RedisCommandCounts() {
	}

	static Map<String, String> measure() throws Exception {
		Map<String, String> rows = new LinkedHashMap<>();
		try (EmbeddedRedis redis = new EmbeddedRedis()) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
			factory.afterPropertiesSet();
			factory.start();
			StringRedisTemplate template = new StringRedisTemplate(factory);
			try {
				int decisions = 8 * 2_000;
				RedisRateLimiter limiter = new RedisRateLimiter(template, "apiguard", null);
				List<Charge> charges = List
					.of(new Charge("bench", Limit.rate("never-reached", 1_000_000_000_000L, Duration.ofSeconds(1_000_000)), 1));
				rows.put("apiguard rate limit, hot key, 8 threads", perOperation(template, decisions,
						() -> concurrently(8, 2_000, (i) -> limiter.tryAcquire("hot", charges))));
				RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
				try (StatefulRedisConnection<String, byte[]> connection = client
					.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
					LettuceBasedProxyManager<String> bucket4j = Bucket4jLettuce.casBasedBuilder(connection)
						.expirationAfterWrite(
								ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
						.build();
					BucketConfiguration configuration = BucketConfiguration.builder()
						.addLimit(Bandwidth.builder()
							.capacity(1_000_000_000_000L)
							.refillGreedy(1_000_000_000_000L, Duration.ofSeconds(1_000_000))
							.build())
						.build();
					rows.put("Bucket4j Lettuce CAS, hot key, 8 threads", perOperation(template, decisions,
							() -> concurrently(8, 2_000,
									(i) -> bucket4j.builder().build("b4j:hot", () -> configuration).tryConsumeAndReturnRemaining(1))));
				}
				finally {
					client.shutdown();
				}
				RedisIdempotencyStore store = new RedisIdempotencyStore(factory, "apiguard", null);
				int requests = 2_000;
				StoredResponse response = new StoredResponse(201, Map.of("Location", List.of("/v1/items/1")),
						"{\"id\":1}".getBytes(), false);
				rows.put("apiguard idempotency, first request (claim + complete)", perOperation(template, requests,
						() -> sequentially(requests, (i) -> {
							IdempotencyClaim claim = claim("k" + i, "f");
							store.claim(claim);
							store.complete(claim.key(), claim.owner(), response, claim.ttl());
						})));
				rows.put("apiguard idempotency, replay", perOperation(template, requests,
						() -> sequentially(requests, (i) -> expect(store.claim(claim("k" + i, "f")), ClaimResult.Outcome.REPLAY))));
				rows.put("apiguard idempotency, mismatch", perOperation(template, requests,
						() -> sequentially(requests, (i) -> expect(store.claim(claim("k" + i, "other")), ClaimResult.Outcome.MISMATCH))));
			}
			finally {
				factory.destroy();
			}
		}
		return rows;
	}

	private static IdempotencyClaim claim(String key, String fingerprint) {
		return new IdempotencyClaim(key, fingerprint, "owner-" + key, Duration.ofSeconds(30), Duration.ofHours(24));
	}

	private static void expect(ClaimResult result, ClaimResult.Outcome outcome) {
		if (result.outcome() != outcome) {
			throw new IllegalStateException("Expected " + outcome + " but got " + result.outcome());
		}
	}

	private static String perOperation(StringRedisTemplate template, int operations, Runnable work) {
		Map<String, Long> before = commandStats(template);
		work.run();
		Map<String, Long> after = commandStats(template);
		Map<String, Long> delta = new LinkedHashMap<>();
		after.forEach((command, calls) -> {
			long difference = calls - before.getOrDefault(command, 0L);
			if (difference > 0 && !command.equals("info")) {
				delta.put(command, difference);
			}
		});
		long total = delta.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2f commands/op (", (double) total / operations));
		delta.forEach((command, calls) -> text.append(command)
			.append(' ')
			.append(String.format(java.util.Locale.ROOT, "%.2f", (double) calls / operations))
			.append(", "));
		text.setLength(text.length() - 2);
		return text.append(')').toString();
	}

	private static Map<String, Long> commandStats(StringRedisTemplate template) {
		Properties info = template.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("commandstats"));
		Map<String, Long> calls = new LinkedHashMap<>();
		info.forEach((name, value) -> {
			String key = name.toString();
			if (key.startsWith("cmdstat_")) {
				String text = value.toString();
				calls.put(key.substring(8), Long.parseLong(text.substring(text.indexOf("calls=") + 6, text.indexOf(','))));
			}
		});
		return calls;
	}

	private static void sequentially(int count, IntConsumer operation) {
		for (int i = 0; i < count; i++) {
			operation.accept(i);
		}
	}

	private static void concurrently(int threads, int perThread, IntConsumer operation) {
		CountDownLatch done = new CountDownLatch(threads);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				try {
					sequentially(perThread, operation);
				}
				finally {
					done.countDown();
				}
			});
			workers.add(worker);
			worker.start();
		}
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
