package io.github.apiguard.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed-concurrency HTTP load: {@code wrk} when it is installed, otherwise a Java client with the same
 * number of connections. Every run is bounded in time and only ever targets loopback.
 */
final class HttpLoad {

	private HttpLoad() {
	}

	/**
	 * One measured run.
	 *
	 * @param requestsPerSecond throughput
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param requests how many requests completed
	 * @param tool what generated the load
	 */
	record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, String tool) {
	}

	static boolean wrkAvailable() {
		try {
			Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			process.waitFor();
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	static Result run(String url, String method, String body, List<String> headers, int connections,
			Duration duration) throws Exception {
		return run(url, method, body, headers, false, connections, duration);
	}

	/**
	 * Runs a load.
	 * @param uniqueIdempotencyKeys whether every request carries a fresh {@code Idempotency-Key}
	 */
	static Result run(String url, String method, String body, List<String> headers, boolean uniqueIdempotencyKeys,
			int connections, Duration duration) throws Exception {
		if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://localhost:")) {
			throw new IllegalArgumentException("Load is only ever sent to loopback: " + url);
		}
		return wrkAvailable() ? wrk(url, method, body, headers, uniqueIdempotencyKeys, connections, duration)
				: java(url, method, body, headers, uniqueIdempotencyKeys, connections, duration);
	}

	private static Result wrk(String url, String method, String body, List<String> headers,
			boolean uniqueIdempotencyKeys, int connections, Duration duration) throws Exception {
		List<String> command = new ArrayList<>(List.of("wrk", "-t", "2", "-c", Integer.toString(connections), "-d",
				duration.toSeconds() + "s", "--latency"));
		for (String header : headers) {
			command.add("-H");
			command.add(header);
		}
		if (!"GET".equals(method) || uniqueIdempotencyKeys) {
			java.nio.file.Path script = java.nio.file.Files.createTempFile("wrk", ".lua");
			String lua = "wrk.method = \"" + method + "\"\nwrk.body = [[" + body + "]]\n";
			if (uniqueIdempotencyKeys) {
				lua += "counter = 0\nprefix = tostring(math.random(1, 1000000000))\n"
						+ "request = function()\n  counter = counter + 1\n"
						+ "  return wrk.format(nil, nil, {[\"Idempotency-Key\"] = prefix .. \"-\" .. counter})\nend\n";
			}
			java.nio.file.Files.writeString(script, lua);
			command.add("-s");
			command.add(script.toString());
		}
		command.add(url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			reader.lines().forEach((line) -> output.append(line).append('\n'));
		}
		process.waitFor();
		String text = output.toString();
		return new Result(number(text, "Requests/sec:\\s+([0-9.]+)"), millis(text, "50%"), millis(text, "99%"),
				(long) number(text, "([0-9]+) requests in"), "wrk");
	}

	private static double number(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected wrk output:\n" + text);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static double millis(String text, String percentile) {
		Matcher matcher = Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(text);
		if (!matcher.find()) {
			return Double.NaN;
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}

	private static Result java(String url, String method, String body, List<String> headers,
			boolean uniqueIdempotencyKeys, int connections, Duration duration) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		List<long[]> latencies = new ArrayList<>();
		int[] counts = new int[connections];
		CountDownLatch done = new CountDownLatch(connections);
		for (int c = 0; c < connections; c++) {
			long[] samples = new long[2_000_000];
			latencies.add(samples);
			int index = c;
			Thread worker = new Thread(() -> {
				HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
					.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
							: HttpRequest.BodyPublishers.ofString(body));
				for (String header : headers) {
					String[] parts = header.split(":\\s*", 2);
					builder.header(parts[0], parts[1]);
				}
				HttpRequest fixed = builder.build();
				try {
					while (running.get() && counts[index] < samples.length) {
						HttpRequest request = uniqueIdempotencyKeys
								? HttpRequest.newBuilder(fixed, (name, value) -> true)
									.header("Idempotency-Key", index + "-" + counts[index] + "-" + System.nanoTime())
									.build()
								: fixed;
						long start = System.nanoTime();
						client.send(request, HttpResponse.BodyHandlers.discarding());
						samples[counts[index]++] = System.nanoTime() - start;
					}
				}
				catch (Exception ex) {
					// The run ends; what was measured so far counts.
				}
				finally {
					done.countDown();
				}
			}, "load-" + c);
			worker.start();
		}
		Thread.sleep(duration.toMillis());
		running.set(false);
		done.await();
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int offset = 0;
		for (int c = 0; c < connections; c++) {
			System.arraycopy(latencies.get(c), 0, all, offset, counts[c]);
			offset += counts[c];
		}
		Arrays.sort(all);
		return new Result(total / (duration.toMillis() / 1000.0), all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6,
				total, "java.net.http, " + connections + " connections");
	}

}
