package io.github.apiguard.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and writes {@code docs/BENCHMARKS.md}. Each result is a ratio against a baseline
 * measured in the same run on the same machine, with its spread over rounds — never an absolute timing
 * compared across runs.
 * <p>
 * System properties: {@code bench.seconds} (per HTTP measurement, default 10), {@code bench.rounds}
 * (alternating rounds, default 3), {@code bench.connections} (default 16), {@code bench.output} (default
 * {@code docs/BENCHMARKS.md}), {@code bench.sections} (a comma-separated subset of
 * {@code http,errors,limiters,redis,memory,idempotency}; default all), {@code bench.memory.forks} (forks of the
 * in-memory limiter benchmark, default 5).
 */
public final class BenchmarkReport {

	private final int seconds = Integer.getInteger("bench.seconds", 10);

	private final int rounds = Integer.getInteger("bench.rounds", 3);

	private final int connections = Integer.getInteger("bench.connections", 16);

	private final List<String> sections = new ArrayList<>();

	/** Issue 17's goals, each with what this run measured: the table that opens the report. */
	private final List<String> goals = new ArrayList<>();

	/** How to read the figures, and where they fall short of the targets and why (from profiling). */
	private static final String READING = """
			## Where the time goes (JFR, guarded tiny endpoint, final code)

			A JFR recording (`jdk.ExecutionSample` every 1 ms, 20 s of wrk load, 16 connections) of the guarded bench
			app serving `GET /ping` with the full default stack (request id, envelope, in-memory rate limit and its
			headers). 1,905 samples of server threads, attributed to the innermost apiguard frame on the stack (a filter
			passing the request on is not counted as apiguard's), else to the library on top:

			| Where | Share of sampled server CPU |
			|---|---|
			| Tomcat: HTTP parsing, socket I/O, header handling | 41.6 % |
			| Spring MVC dispatch and Spring Security's filter chain | 36.0 % |
			| JDK I/O and natives | 9.0 % |
			| Jackson (the 31-byte body) | 6.6 % |
			| **apiguard, all of it** | **5.7 %** |
			| … rate-limit headers (`Long.toString`, Tomcat's `setHeader` checking each name case-insensitively) | 1.8 % |
			| … request id filter (UUID, MDC) | 0.9 % |
			| … client address (a regular expression per request; replaced by a scan after this profile) | 0.8 % |
			| … in-memory limiter (map lookup, compare-and-set, statuses) | 0.7 % |
			| … interceptor, client key cache, endpoint lookup, idempotency filter's skip, error filter | 1.5 % |

			Reproduce: start `BenchApp` as `BenchmarkReport` does for the guarded server, with
			`-XX:StartFlightRecording=delay=12s,duration=20s,settings=<jdk.ExecutionSample period 1 ms>`, run
			`wrk -t2 -c16 -d35s http://127.0.0.1:<port>/ping`, and read the recording with
			`jfr print --events jdk.ExecutionSample`.

			## Reading the numbers

			- **Server CPU and bytes per request** are the steadier figures on a shared machine: the throughput ratio
			  moves with whatever else runs, the server's own cost per request hardly does. On the tiny endpoint
			  apiguard adds about 2.2–2.4 µs of server CPU (about 26 against 24 µs) and about 2 KB of allocation
			  per request (1 KB with the rate-limit headers on rejections only), down from about 8–10 µs and 4.4 KB
			  before issue 17's work. apiguard's own code is under 6 % of the guarded server's CPU; the rest of the gap
			  is four more response headers for Tomcat to encode and the per-request bookkeeping of three more filters.
			- **Headers on rejections only** saves the header formatting (about 1 KB per request) but, on this machine,
			  no throughput beyond the noise: the round-to-round spread (see min–max) is wider than the difference.
			- **In-memory limiter vs Bucket4j local**: apiguard keeps clients in a `ConcurrentHashMap` bounded by
			  `max-clients` and swept of idle clients by its callers, and builds each limit's remaining, reset and
			  retry-after when they are first read; the baseline is an unbounded `ConcurrentHashMap` of buckets. Two
			  threads on one hot key fight for one cache line on both sides and the result is bimodal on 2 cores:
			  several forks, medians compared. Under that contention most of the time goes to the compare-and-set
			  (about 60 % of JFR samples on both sides), and each retry allocates a fresh 24-byte state where Bucket4j
			  reuses its copy (hence about one byte per decision more than Bucket4j on the hot key); single-threaded,
			  reading the clock is the largest part. Reading the statuses (as the interceptor does) costs a further
			  ~80 bytes and brings the hot key to about 0.8×.
			- **Redis limiter vs `PING`**: every decision is one `EVALSHA` (no `EVAL` after the first), sent on the
			  shared native Lettuce connection with `byte[]` arguments and read into a `long[]` (less than half the
			  allocation of Spring's script executor); the script takes 4 arguments per rate. The remaining distance to
			  `PING` is the script's own work inside Redis: `TIME`, `GET`, `SET … PX` and the exact formatting of
			  16-digit microsecond timestamps (about 4.2 µs of Redis CPU per decision against 1.2 µs for a script that
			  only returns four numbers).
			- **Idempotency stores**: a first request costs a claim and a completion (two round trips, or two
			  transactions), a replay one read; against an in-memory map any network or database store is one to three
			  orders of magnitude slower per operation, which is the price of sharing the records between nodes.
			""";

	public static void main(String[] args) throws Exception {
		new BenchmarkReport().run();
	}

	private void run() throws Exception {
		// bench.sections: a comma-separated subset to run (e.g. idempotency, with bench.output elsewhere).
		List<String> only = List.of(System.getProperty("bench.sections", "http,errors,limiters,redis,memory,idempotency")
			.split(","));
		if (only.contains("http")) {
			httpOverhead();
		}
		if (only.contains("errors")) {
			jmh();
		}
		if (only.contains("limiters")) {
			limiters();
		}
		if (only.contains("redis")) {
			redisLimiter();
			redisCommands();
		}
		if (only.contains("idempotency")) {
			idempotencyStores();
		}
		if (only.contains("memory")) {
			memory();
		}
		write();
	}

	private void idempotencyStores() throws Exception {
		Map<String, RunResult> results = runJmh(IdempotencyStoreBenchmark.class, 8, "store");
		StringBuilder text = new StringBuilder("## Idempotency stores (JMH, 1 fork, 5 × 1 s, 8 threads)\n\n");
		text.append("| Store | First request (claim + complete) ops/ms | vs in memory | Replay ops/ms | vs in memory |\n")
			.append("|---|---|---|---|---|\n");
		double memoryFirst = results.get("claimAndComplete:memory").getPrimaryResult().getScore();
		double memoryReplay = results.get("replay:memory").getPrimaryResult().getScore();
		List<String> measured = new ArrayList<>();
		for (String store : new String[] { "memory", "redis", "h2", "postgresql" }) {
			RunResult first = results.get("claimAndComplete:" + store);
			RunResult replay = results.get("replay:" + store);
			if (!store.equals("memory")) {
				measured.add(String.format(Locale.ROOT, "%s %.3f× / %.3f×", store,
						first.getPrimaryResult().getScore() / memoryFirst,
						replay.getPrimaryResult().getScore() / memoryReplay));
			}
			text.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | **%.3f×** | %.1f ± %.1f | **%.3f×** |%n", store,
					first.getPrimaryResult().getScore(), first.getPrimaryResult().getScoreError(),
					first.getPrimaryResult().getScore() / memoryFirst, replay.getPrimaryResult().getScore(),
					replay.getPrimaryResult().getScoreError(), replay.getPrimaryResult().getScore() / memoryReplay));
		}
		text.append("\n| Database | Request | JDBC calls and round trips per request |\n|---|---|---|\n");
		JdbcStatementCounts.rows().forEach((row) -> text.append(row).append('\n'));
		this.sections.add(text.toString());
		goal("Idempotency on Redis and JDBC: first request and replay against the in-memory store", "reported",
				String.join("; ", measured), true);
	}

	private void httpOverhead() throws Exception {
		StringBuilder table = new StringBuilder();
		table.append("| Scenario | Baseline | apiguard | Throughput ratio (min–max over rounds) | Server CPU µs/request base / apiguard | Server bytes/request base / apiguard | p50 ms base / apiguard | p99 ms base / apiguard |\n");
		table.append("|---|---|---|---|---|---|---|---|\n");
		try (Server baseline = Server.start("--apiguard.enabled=false", "--spring.mvc.problemdetails.enabled=true");
				Server guarded = Server.start(
						// An in-memory limit that never rejects, so its whole decision cost is in the measurement.
						"--apiguard.rate-limit.policies.bench.paths=/ping,/items",
						"--apiguard.rate-limit.policies.bench.limits.default[0].name=never-reached",
						"--apiguard.rate-limit.policies.bench.limits.default[0].limit=1000000000000",
						"--apiguard.rate-limit.policies.bench.limits.default[0].period=1000000s",
						"--apiguard.idempotency.store=memory");
				Server quiet = Server.start("--apiguard.rate-limit.policies.bench.paths=/ping,/items",
						"--apiguard.rate-limit.policies.bench.limits.default[0].name=never-reached",
						"--apiguard.rate-limit.policies.bench.limits.default[0].limit=1000000000000",
						"--apiguard.rate-limit.policies.bench.limits.default[0].period=1000000s",
						"--apiguard.rate-limit.headers.rejections-only=true", "--apiguard.idempotency.store=memory")) {
			Comparison full = compare(table, "GET small JSON", "bare Spring MVC",
					"request id + envelope + in-memory rate limit", new Load(baseline, "/ping", "GET", false),
					new Load(guarded, "/ping", "GET", false));
			goal("Tiny endpoint, full default stack vs bare Spring MVC", "≥ 0.93×", full.describe(), full.ratio() >= 0.93);
			Comparison quietHeaders = compare(table, "GET small JSON, headers on rejections only", "bare Spring MVC",
					"the same, `rate-limit.headers.rejections-only`", new Load(baseline, "/ping", "GET", false),
					new Load(quiet, "/ping", "GET", false));
			goal("Tiny endpoint, rate-limit headers on rejections only", "≥ 0.97×", quietHeaders.describe(),
					quietHeaders.ratio() >= 0.97);
			compare(table, "GET unknown route (404)", "Spring ProblemDetail", "apiguard envelope",
					new Load(baseline, "/missing", "GET", false), new Load(guarded, "/missing", "GET", false));
			compare(table, "Idempotent POST", "executed (a new key each time)", "replayed (the same key)",
					new Load(guarded, "/items", "POST", true), new Load(guarded, "/items", "POST", false));
		}
		this.sections.add("## HTTP overhead (loopback, " + this.connections + " connections, " + this.rounds
				+ " alternating rounds of " + this.seconds + " s, after a warm-up)\n\n" + table);
	}

	/**
	 * One side of a comparison: a server, a path, a method, and whether every request gets a fresh
	 * Idempotency-Key (a POST without that sends the same key every time, so all but the first are replays).
	 */
	private record Load(Server server, String path, String method, boolean uniqueKeys) {

		HttpLoad.Result run(int connections, Duration duration) throws Exception {
			List<String> headers = new ArrayList<>();
			String body = "";
			if (this.method.equals("POST")) {
				headers.add("Content-Type: application/json");
				if (!this.uniqueKeys) {
					headers.add("Idempotency-Key: bench-replayed-key");
				}
				body = "{\"name\":\"bench\",\"size\":3}";
			}
			return HttpLoad.run(this.server.url(this.path), this.method, body, headers, this.uniqueKeys, connections,
					duration);
		}

	}

	private Comparison compare(StringBuilder table, String scenario, String baseName, String guardedName, Load baseline,
			Load guarded) throws Exception {
		Duration warmUp = Duration.ofSeconds(Math.max(3, this.seconds / 2));
		baseline.run(this.connections, warmUp);
		guarded.run(this.connections, warmUp);
		List<Double> ratios = new ArrayList<>();
		HttpLoad.Result lastBase = null;
		HttpLoad.Result lastGuarded = null;
		Cost baseCost = Cost.NONE;
		Cost guardedCost = Cost.NONE;
		for (int round = 0; round < this.rounds; round++) {
			Cost before = baseline.server().cost();
			lastBase = baseline.run(this.connections, Duration.ofSeconds(this.seconds));
			baseCost = baseCost.plus(baseline.server().cost().minus(before), lastBase.requests());
			before = guarded.server().cost();
			lastGuarded = guarded.run(this.connections, Duration.ofSeconds(this.seconds));
			guardedCost = guardedCost.plus(guarded.server().cost().minus(before), lastGuarded.requests());
			ratios.add(lastGuarded.requestsPerSecond() / lastBase.requestsPerSecond());
		}
		double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		table.append(String.format(Locale.ROOT,
				"| %s | %s | %s | **%.3f×** (%.3f–%.3f) | %.1f / **%.1f** | %.0f / **%.0f** | %.2f / %.2f | %.2f / %.2f |%n",
				scenario, baseName, guardedName, mean, min(ratios), max(ratios), baseCost.cpuMicrosPerRequest(),
				guardedCost.cpuMicrosPerRequest(), baseCost.bytesPerRequest(), guardedCost.bytesPerRequest(),
				lastBase.p50Millis(), lastGuarded.p50Millis(), lastBase.p99Millis(), lastGuarded.p99Millis()));
		System.out.printf(Locale.ROOT, "%s: %.3fx, CPU %.1f / %.1f us/request, %.0f / %.0f bytes/request (%s)%n",
				scenario, mean, baseCost.cpuMicrosPerRequest(), guardedCost.cpuMicrosPerRequest(),
				baseCost.bytesPerRequest(), guardedCost.bytesPerRequest(), lastBase.tool());
		return new Comparison(mean, min(ratios), max(ratios), baseCost, guardedCost);
	}

	/** A comparison's outcome: the mean ratio and its spread, and what each server spent per request. */
	private record Comparison(double ratio, double min, double max, Cost base, Cost guarded) {

		String describe() {
			return String.format(Locale.ROOT, "%.3f× (%.3f–%.3f); server CPU %.1f → %.1f µs, %.0f → %.0f B per request",
					this.ratio, this.min, this.max, this.base.cpuMicrosPerRequest(), this.guarded.cpuMicrosPerRequest(),
					this.base.bytesPerRequest(), this.guarded.bytesPerRequest());
		}

	}

	private void goal(String goal, String target, String measured, boolean met) {
		this.goals.add("| " + goal + " | " + target + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
	}

	/**
	 * What a server spent: process CPU time and bytes allocated by its threads, summed over measured runs
	 * with the requests they served. Unlike throughput, it hardly moves when the load generator or other
	 * processes take CPU away.
	 */
	private record Cost(long cpuNanos, long allocatedBytes, long requests) {

		static final Cost NONE = new Cost(0, 0, 0);

		Cost minus(Cost earlier) {
			return new Cost(this.cpuNanos - earlier.cpuNanos, this.allocatedBytes - earlier.allocatedBytes, 0);
		}

		Cost plus(Cost run, long runRequests) {
			return new Cost(this.cpuNanos + run.cpuNanos, this.allocatedBytes + run.allocatedBytes,
					this.requests + runRequests);
		}

		double cpuMicrosPerRequest() {
			return (this.requests > 0) ? this.cpuNanos / 1000.0 / this.requests : Double.NaN;
		}

		double bytesPerRequest() {
			return (this.requests > 0) ? (double) this.allocatedBytes / this.requests : Double.NaN;
		}

	}

	private void jmh() throws Exception {
		Options options = new OptionsBuilder().include(ErrorRenderingBenchmark.class.getName())
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.threads(1)
			.build();
		Map<String, RunResult> results = new LinkedHashMap<>();
		for (RunResult result : new Runner(options).run()) {
			String name = result.getParams().getBenchmark();
			results.put(name.substring(name.lastIndexOf('.') + 1), result);
		}
		RunResult apiguard = results.get("apiguard");
		RunResult spring = results.get("springProblemDetail");
		double ratio = apiguard.getPrimaryResult().getScore() / spring.getPrimaryResult().getScore();
		this.sections.add("## Error rendering in process (JMH, 1 fork, 5 × 1 s, 1 thread)\n\n"
				+ "| Benchmark | ops/ms | ± (99.9 %) |\n|---|---|---|\n"
				+ row("apiguard: 404 rendered in the envelope", apiguard)
				+ row("Spring `ResponseEntityExceptionHandler` ProblemDetail, same mapper", spring)
				+ String.format(Locale.ROOT, "%nRatio apiguard / Spring: **%.2f×**%n", ratio));
	}

	private void limiters() throws Exception {
		memoryLimiter();
	}

	/**
	 * The Redis limiter against Bucket4j and a {@code PING} loop on the same connection, after a long warm-up
	 * ({@code bench.redis.warmups} seconds, default 20): with 3 s the JIT is still compiling the limiter's path
	 * while the baseline's short one is done, which understates the ratio.
	 */
	private void redisLimiter() throws Exception {
		int warmUps = Integer.getInteger("bench.redis.warmups", 20);
		Map<String, RunResult> redis = runJmh(RedisLimiterBenchmark.class, 8, "keys", warmUps);
		StringBuilder text = new StringBuilder();
		text.append("## Redis rate-limit decisions (JMH, 1 fork, ").append(warmUps)
			.append(" × 1 s warm-up, 5 × 1 s, 8 threads)\n\n");
		text.append("| Backend | Keys | apiguard ops/ms | Baseline | Baseline ops/ms | Ratio |\n|---|---|---|---|---|---|\n");
		for (String keys : new String[] { "hot", "many" }) {
			String label = keys.equals("hot") ? "1 hot key" : "100,000 keys";
			limiterRow(text, "Redis, 8 threads", label, redis.get("apiguard:" + keys), "Bucket4j Lettuce CAS",
					redis.get("bucket4j:" + keys));
			limiterRow(text, "Redis, 8 threads", label, redis.get("apiguard:" + keys),
					"`PING` through Spring Data Redis", redis.get("ping:" + keys));
			limiterRow(text, "Redis, 8 threads", label, redis.get("apiguard:" + keys),
					"`PING` on the shared native connection", redis.get("nativePing:" + keys));
		}
		double ping = score(redis, "apiguard:hot") / score(redis, "nativePing:hot");
		goal("Redis limiter vs a `PING` loop on the same (native) connection, 8 threads", "≥ 0.75×",
				String.format(Locale.ROOT, "%.2f× (hot key), %.2f× (100,000 keys); one `EVALSHA` per decision", ping,
						score(redis, "apiguard:many") / score(redis, "nativePing:many")),
				ping >= 0.75);
		double hot = score(redis, "apiguard:hot") / score(redis, "bucket4j:hot");
		double many = score(redis, "apiguard:many") / score(redis, "bucket4j:many");
		goal("Redis limiter vs Bucket4j's Lettuce compare-and-swap", "≥ 5× hot key, ≥ 1.6× many keys",
				String.format(Locale.ROOT, "%.2f× hot key, %.2f× many keys", hot, many), hot >= 5 && many >= 1.6);
		this.sections.add(text.toString());
	}

	/**
	 * The in-memory limiter against Bucket4j's local bucket, 2 threads: two threads on one key on a 2-core
	 * machine give bimodal results (running at once or taking turns), so several forks, each side's median of
	 * the forks' means, and the allocation per decision (JMH's GC profiler).
	 */
	private void memoryLimiter() throws Exception {
		int forks = Integer.getInteger("bench.memory.forks", 5);
		Options options = new OptionsBuilder().include(InMemoryLimiterBenchmark.class.getName())
			.forks(forks)
			.warmupIterations(Integer.getInteger("bench.jmh.warmups", 3))
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(Integer.getInteger("bench.jmh.iterations", 5))
			.measurementTime(TimeValue.seconds(1))
			.threads(2)
			.jvmArgs("-Xms2g", "-Xmx2g")
			.addProfiler(GCProfiler.class)
			.build();
		Map<String, RunResult> results = new LinkedHashMap<>();
		for (RunResult result : new Runner(options).run()) {
			String name = result.getParams().getBenchmark();
			results.put(name.substring(name.lastIndexOf('.') + 1) + ":" + result.getParams().getParam("keys"), result);
		}
		StringBuilder text = new StringBuilder();
		text.append("## In-memory rate-limit decisions (JMH, 2 threads, ").append(forks)
			.append(" forks of 5 × 1 s; median of the forks' means)\n\n");
		text.append("| Keys | apiguard | ops/ms (forks' min–max) | Bucket4j local bucket ops/ms (min–max) | Ratio of medians "
				+ "| Bytes per decision, apiguard / Bucket4j |\n|---|---|---|---|---|---|\n");
		for (String keys : new String[] { "hot", "distinct" }) {
			RunResult bucket4j = results.get("bucket4j:" + keys);
			for (String side : new String[] { "apiguard", "apiguardReadingStatus" }) {
				RunResult apiguard = results.get(side + ":" + keys);
				double ratio = medianOfForks(apiguard) / medianOfForks(bucket4j);
				text.append(String.format(Locale.ROOT, "| %s | %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | **%.2f×** | %.0f / %.0f |%n",
						keys.equals("hot") ? "1 hot key" : "1,000,000 distinct",
						side.equals("apiguard") ? "decision" : "decision, status read", medianOfForks(apiguard),
						minOfForks(apiguard), maxOfForks(apiguard), medianOfForks(bucket4j), minOfForks(bucket4j),
						maxOfForks(bucket4j), ratio, bytesPerOp(apiguard), bytesPerOp(bucket4j)));
				System.out.printf(Locale.ROOT, "in memory %s %s vs Bucket4j local: %.2fx%n", keys, side, ratio);
				if (side.equals("apiguard")) {
					goal("In-memory limiter vs Bucket4j local, " + (keys.equals("hot") ? "1 hot key" : "1,000,000 keys")
							+ ", 2 threads", "≥ 1.0×, ≤ Bucket4j's bytes per decision",
							String.format(Locale.ROOT, "%.2f× (median of %d forks); %.0f vs %.0f B per decision", ratio,
									forks, bytesPerOp(apiguard), bytesPerOp(bucket4j)),
							ratio >= 1.0 && bytesPerOp(apiguard) <= bytesPerOp(bucket4j));
				}
			}
		}
		this.sections.add(text.toString());
	}

	private static List<Double> forkMeans(RunResult result) {
		return result.getBenchmarkResults().stream().map((fork) -> fork.getPrimaryResult().getScore()).sorted().toList();
	}

	private static double medianOfForks(RunResult result) {
		List<Double> means = forkMeans(result);
		int middle = means.size() / 2;
		return (means.size() % 2 == 1) ? means.get(middle) : (means.get(middle - 1) + means.get(middle)) / 2;
	}

	private static double minOfForks(RunResult result) {
		return forkMeans(result).get(0);
	}

	private static double maxOfForks(RunResult result) {
		List<Double> means = forkMeans(result);
		return means.get(means.size() - 1);
	}

	private static double bytesPerOp(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (allocation != null) ? allocation.getScore() : Double.NaN;
	}

	private static double score(Map<String, RunResult> results, String name) {
		return results.get(name).getPrimaryResult().getScore();
	}

	private static void limiterRow(StringBuilder text, String backend, String keys, RunResult apiguard, String baseline,
			RunResult base) {
		double a = apiguard.getPrimaryResult().getScore();
		double b = base.getPrimaryResult().getScore();
		text.append(String.format(Locale.ROOT, "| %s | %s | %.1f ± %.1f | %s | %.1f ± %.1f | **%.2f×** |%n", backend, keys, a,
				apiguard.getPrimaryResult().getScoreError(), baseline, b, base.getPrimaryResult().getScoreError(), a / b));
		System.out.printf(Locale.ROOT, "%s %s vs %s: %.2fx%n", backend, keys, baseline, a / b);
	}

	private static Map<String, RunResult> runJmh(Class<?> benchmark, int threads) throws Exception {
		return runJmh(benchmark, threads, "keys");
	}

	private static Map<String, RunResult> runJmh(Class<?> benchmark, int threads, String param) throws Exception {
		return runJmh(benchmark, threads, param, Integer.getInteger("bench.jmh.warmups", 3));
	}

	private static Map<String, RunResult> runJmh(Class<?> benchmark, int threads, String param, int warmUps)
			throws Exception {
		Options options = new OptionsBuilder().include(benchmark.getName())
			.forks(1)
			.warmupIterations(warmUps)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(Integer.getInteger("bench.jmh.iterations", 5))
			.measurementTime(TimeValue.seconds(1))
			.threads(threads)
			.jvmArgs("-Xms2g", "-Xmx2g")
			.build();
		Map<String, RunResult> results = new LinkedHashMap<>();
		for (RunResult result : new Runner(options).run()) {
			String name = result.getParams().getBenchmark();
			String keys = result.getParams().getParam(param);
			results.put(name.substring(name.lastIndexOf('.') + 1) + ":" + keys, result);
		}
		return results;
	}

	private void redisCommands() throws Exception {
		StringBuilder text = new StringBuilder("## Redis commands per operation (`INFO commandstats` deltas)\n\n");
		text.append("| Operation | Commands executed by Redis, per operation |\n|---|---|\n");
		RedisCommandCounts.measure().forEach((operation, counts) -> text.append("| ")
			.append(operation)
			.append(" | ")
			.append(counts)
			.append(" |\n"));
		text.append("\nRedis counts the commands a script runs as well as the script call itself. Round trips are "
				+ "the calls the client sends: for apiguard only `EVALSHA` (and a one-off `EVAL` after a script-cache "
				+ "flush); for Bucket4j's compare-and-swap, a `GET` plus an `EVAL` per attempt.\n");
		this.sections.add(text.toString());
	}

	private void memory() {
		int population = Integer.getInteger("bench.population", 1_000_000);
		double perKey = MemoryFootprint.bytesPerRateLimitKey(population);
		double keyString = MemoryFootprint.bytesPerKeyString(population);
		double perRecord = MemoryFootprint.bytesPerIdempotencyRecord(population / 4);
		this.sections.add(String.format(Locale.ROOT, "## Memory of the in-memory stores%n%n"
				+ "| What | Population | Heap per entry |%n|---|---|---|%n"
				+ "| Rate-limit state per client (one limit), key string included | %,d | %.0f bytes |%n"
				+ "| … of which the client key string itself (`p:` + 22 characters) | %,d | %.0f bytes |%n"
				+ "| Rate-limit state per client, without the key string | | **%.0f bytes** |%n"
				+ "| Idempotency record (a 201 with `Location` and a 70-byte body, key and fingerprint included) | %,d | %.0f bytes |%n",
				population, perKey, population, keyString, perKey - keyString, population / 4, perRecord));
	}

	private static String row(String name, RunResult result) {
		return String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, result.getPrimaryResult().getScore(),
				result.getPrimaryResult().getScoreError());
	}

	private void write() throws IOException {
		Path output = Path.of(System.getProperty("bench.output", "docs/BENCHMARKS.md"));
		Files.createDirectories(output.toAbsolutePath().getParent());
		StringBuilder doc = new StringBuilder("# Benchmarks\n\n");
		doc.append("Generated by `./benchmarks/run.sh` on ").append(LocalDate.now()).append(". Every figure is a ratio ")
			.append("against a baseline measured in the same run; absolute numbers depend on the machine.\n\n");
		doc.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
			.append(osMemoryGib()).append(" GiB, ").append(System.getProperty("os.name")).append(' ')
			.append(System.getProperty("os.arch")).append('\n');
		doc.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.version")).append('\n');
		doc.append("- Load generator: ").append(HttpLoad.wrkAvailable() ? "wrk" : "Java client (wrk not installed)")
			.append(", server and load share the machine\n\n");
		if (!this.goals.isEmpty()) {
			doc.append("## Goals of issue 17, as this run measured them\n\n| Goal | Target | Measured | |\n|---|---|---|---|\n");
			this.goals.forEach((goal) -> doc.append(goal).append('\n'));
			doc.append('\n');
		}
		this.sections.forEach((section) -> doc.append(section).append('\n'));
		doc.append(READING);
		Files.writeString(output, doc);
		System.out.println("Wrote " + output.toAbsolutePath());
	}

	private static long osMemoryGib() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
		}
		return -1;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	/**
	 * A {@link BenchApp} in its own JVM.
	 */
	private record Server(Process process, int port) implements AutoCloseable {

		static Server start(String... arguments) throws Exception {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
					BenchApp.class.getName(), "--server.port=" + port, "--logging.level.root=WARN"));
			command.addAll(List.of(arguments));
			Path log = Files.createTempFile("bench-app-" + port + "-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Server server = new Server(process, port);
			try {
				server.awaitReady();
			}
			catch (IllegalStateException ex) {
				process.destroy();
				throw new IllegalStateException(ex.getMessage() + "; its output is in " + log, ex);
			}
			return server;
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.port + path;
		}

		/** The server's CPU time and allocations so far, from {@code /bench/stats}. */
		Cost cost() throws Exception {
			String body = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url("/bench/stats"))).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			return new Cost(field(body, "cpu_nanos"), field(body, "allocated_bytes"), 0);
		}

		private static long field(String json, String name) {
			java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9]+)")
				.matcher(json);
			if (!matcher.find()) {
				throw new IllegalStateException("No " + name + " in " + json);
			}
			return Long.parseLong(matcher.group(1));
		}

		private void awaitReady() throws InterruptedException {
			HttpClient client = HttpClient.newHttpClient();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (System.nanoTime() < deadline) {
				try {
					client.send(HttpRequest.newBuilder(URI.create(url("/ping"))).build(),
							HttpResponse.BodyHandlers.discarding());
					return;
				}
				catch (IOException ex) {
					Thread.sleep(200);
				}
			}
			throw new IllegalStateException("The bench app did not start on port " + this.port);
		}

		@Override
		public void close() {
			this.process.destroy();
		}

	}

}
