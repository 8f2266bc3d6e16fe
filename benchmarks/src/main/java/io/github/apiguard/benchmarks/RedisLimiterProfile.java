package io.github.apiguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.store.RedisRateLimiter;

/**
 * Where a Redis rate-limit decision's time goes, beside a {@code PING} loop on the same connection: throughput
 * under 8 threads, bytes allocated per call by every JVM thread (callers and Lettuce's event loop), and Redis'
 * own CPU per call ({@code INFO commandstats} {@code usec_per_call}, which for a script includes the commands
 * it runs). Rounds alternate after a long warm-up, so that the JIT is done before anything counts.
 * <p>
 * Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * io.github.apiguard.benchmarks.RedisLimiterProfile} (system properties {@code profile.warmup} and
 * {@code profile.seconds} per phase, {@code profile.rounds}, {@code profile.keys}: {@code hot} or {@code many};
 * {@code profile.floor=true} adds an {@code EVALSHA} of a trivial script, {@code profile.floor.script}).
 */
public final class RedisLimiterProfile {

	private static final int THREADS = 8;

	private RedisLimiterProfile() {
	}

	public static void main(String[] args) throws Exception {
		int warmUp = Integer.getInteger("profile.warmup", 20);
		int seconds = Integer.getInteger("profile.seconds", 5);
		int rounds = Integer.getInteger("profile.rounds", 3);
		boolean hot = !"many".equals(System.getProperty("profile.keys", "hot"));
		try (EmbeddedRedis redis = new EmbeddedRedis()) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
			factory.afterPropertiesSet();
			factory.start();
			try {
				StringRedisTemplate template = new StringRedisTemplate(factory);
				RedisRateLimiter limiter = new RedisRateLimiter(factory, "apiguard", null);
				List<Charge> charges = List.of(new Charge("bench",
						Limit.rate("never-reached", 1_000_000_000_000L, Duration.ofSeconds(1_000_000)), 1));
				String[] clients = new String[hot ? 1 : RedisLimiterBenchmark.MANY_KEYS];
				for (int i = 0; i < clients.length; i++) {
					clients[i] = "client-" + i;
				}
				StatefulRedisConnection<byte[], byte[]> nativeConnection;
				try (RedisConnection connection = factory.getConnection()) {
					nativeConnection = ((io.lettuce.core.api.async.RedisAsyncCommands<byte[], byte[]>) ((LettuceConnection) connection)
						.getNativeConnection()).getStatefulConnection();
				}
				Map<String, Operation> operations = new LinkedHashMap<>();
				operations.put("apiguard", (i) -> limiter.tryAcquire(clients[i % clients.length], charges).allowed());
				operations.put("ping (template)", (i) -> template.execute((RedisCallback<String>) RedisConnection::ping));
				operations.put("ping (native)", (i) -> nativeConnection.sync().ping());
				if (Boolean.getBoolean("profile.floor")) {
					byte[] key = "{apiguard:rl:client-0}:bench:never-reached:r1".getBytes();
					String sha = nativeConnection.sync().scriptLoad(System.getProperty("profile.floor.script", "return {1, 2, 3, 4}"));
					operations.put("script floor", (i) -> nativeConnection.sync().evalsha(sha, io.lettuce.core.ScriptOutputType.MULTI,
							new byte[][] { key }, new byte[0], "0".getBytes(), "r".getBytes(), "1".getBytes(), "1000000".getBytes(), "1000000000000".getBytes()));
				}
				for (Map.Entry<String, Operation> operation : operations.entrySet()) {
					run(operation.getValue(), warmUp);
				}
				Map<String, List<Result>> results = new LinkedHashMap<>();
				for (int round = 0; round < rounds; round++) {
					for (Map.Entry<String, Operation> operation : operations.entrySet()) {
						resetStats(template);
						Result result = run(operation.getValue(), seconds);
						results.computeIfAbsent(operation.getKey(), (name) -> new ArrayList<>())
							.add(result.withRedis(usecPerCall(template)));
					}
				}
				double ping = mean(results.get("ping (template)"));
				double nativePing = mean(results.get("ping (native)"));
				System.out.printf(Locale.ROOT, "%-16s %10s %10s %10s %10s %8s  %s%n", "operation", "ops/ms",
						"vs ping", "vs n.ping", "B/call", "rounds", "Redis usec_per_call");
				results.forEach((name, list) -> {
					Result last = list.get(list.size() - 1);
					System.out.printf(Locale.ROOT, "%-16s %10.1f %10.3f %10.3f %10.0f %8d  %s%n", name, mean(list),
							mean(list) / ping, mean(list) / nativePing,
							list.stream().mapToDouble(Result::bytesPerCall).average().orElse(Double.NaN), list.size(),
							last.redis());
				});
			}
			finally {
				factory.destroy();
			}
		}
	}

	@FunctionalInterface
	interface Operation {

		Object call(int i);

	}

	record Result(double opsPerMs, double bytesPerCall, String redis) {

		Result withRedis(String text) {
			return new Result(this.opsPerMs, this.bytesPerCall, text);
		}

	}

	private static double mean(List<Result> results) {
		return results.stream().mapToDouble(Result::opsPerMs).average().orElse(Double.NaN);
	}

	private static Result run(Operation operation, int seconds) throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		LongAdder calls = new LongAdder();
		List<Thread> workers = new ArrayList<>();
		long allocatedBefore = allocatedByAllThreads();
		long start = System.nanoTime();
		for (int t = 0; t < THREADS; t++) {
			int offset = t * 7919;
			Thread worker = new Thread(() -> {
				int i = offset;
				while (!stop.get()) {
					operation.call(i++);
					calls.increment();
				}
				WORKERS_ENDED.add(((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
					.getCurrentThreadAllocatedBytes());
			});
			workers.add(worker);
			worker.start();
		}
		Thread.sleep(seconds * 1000L);
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		long elapsed = System.nanoTime() - start;
		long allocated = allocatedByAllThreads() - allocatedBefore;
		long count = calls.sum();
		return new Result(count / (elapsed / 1_000_000.0), (double) allocated / count, "");
	}

	/**
	 * Bytes allocated by the live threads (Lettuce's event loop among them) and by the workers that ended.
	 */
	private static long allocatedByAllThreads() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (allocated > 0) {
				total += allocated;
			}
		}
		return total + WORKERS_ENDED.sum();
	}

	private static final LongAdder WORKERS_ENDED = new LongAdder();

	private static void resetStats(StringRedisTemplate template) {
		template.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().resetConfigStats();
			return null;
		});
	}

	private static String usecPerCall(StringRedisTemplate template) {
		Properties info = template.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("commandstats"));
		StringBuilder text = new StringBuilder();
		info.forEach((name, value) -> {
			String key = name.toString();
			if (key.startsWith("cmdstat_") && !key.equals("cmdstat_info") && !key.equals("cmdstat_config")) {
				String stats = value.toString();
				int at = stats.indexOf("usec_per_call=") + 14;
				int end = stats.indexOf(',', at);
				text.append(key.substring(8)).append('=').append(stats, at, (end > 0) ? end : stats.length()).append(' ');
			}
		});
		return text.toString().trim();
	}

}
