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
 * {@code docs/BENCHMARKS.md}).
 */
public final class BenchmarkReport {

	private final int seconds = Integer.getInteger("bench.seconds", 10);

	private final int rounds = Integer.getInteger("bench.rounds", 3);

	private final int connections = Integer.getInteger("bench.connections", 16);

	private final List<String> sections = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		new BenchmarkReport().run();
	}

	private void run() throws Exception {
		httpOverhead();
		jmh();
		write();
	}

	private void httpOverhead() throws Exception {
		StringBuilder table = new StringBuilder();
		table.append("| Scenario | Baseline | apiguard | Throughput ratio (min–max over rounds) | p50 ms base / apiguard | p99 ms base / apiguard |\n");
		table.append("|---|---|---|---|---|---|\n");
		try (Server baseline = Server.start("--apiguard.enabled=false", "--spring.mvc.problemdetails.enabled=true");
				Server guarded = Server.start()) {
			compare(table, "GET small JSON", "bare Spring MVC", "request id + envelope", baseline, guarded, "/ping");
			compare(table, "GET unknown route (404)", "Spring ProblemDetail", "apiguard envelope", baseline, guarded,
					"/missing");
		}
		this.sections.add("## HTTP overhead (loopback, " + this.connections + " connections, " + this.rounds
				+ " alternating rounds of " + this.seconds + " s, after a warm-up)\n\n" + table);
	}

	private void compare(StringBuilder table, String scenario, String baseName, String guardedName, Server baseline,
			Server guarded, String path) throws Exception {
		Duration warmUp = Duration.ofSeconds(Math.max(3, this.seconds / 2));
		HttpLoad.run(baseline.url(path), "GET", "", List.of(), this.connections, warmUp);
		HttpLoad.run(guarded.url(path), "GET", "", List.of(), this.connections, warmUp);
		List<Double> ratios = new ArrayList<>();
		HttpLoad.Result lastBase = null;
		HttpLoad.Result lastGuarded = null;
		for (int round = 0; round < this.rounds; round++) {
			lastBase = HttpLoad.run(baseline.url(path), "GET", "", List.of(), this.connections,
					Duration.ofSeconds(this.seconds));
			lastGuarded = HttpLoad.run(guarded.url(path), "GET", "", List.of(), this.connections,
					Duration.ofSeconds(this.seconds));
			ratios.add(lastGuarded.requestsPerSecond() / lastBase.requestsPerSecond());
		}
		double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		table.append(String.format(Locale.ROOT, "| %s | %s | %s | **%.3f×** (%.3f–%.3f) | %.2f / %.2f | %.2f / %.2f |%n",
				scenario, baseName, guardedName, mean, min(ratios), max(ratios), lastBase.p50Millis(),
				lastGuarded.p50Millis(), lastBase.p99Millis(), lastGuarded.p99Millis()));
		System.out.printf(Locale.ROOT, "%s: %.3fx (%s)%n", scenario, mean, lastBase.tool());
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
		this.sections.forEach((section) -> doc.append(section).append('\n'));
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
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Server server = new Server(process, port);
			server.awaitReady();
			return server;
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.port + path;
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
