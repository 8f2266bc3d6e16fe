package io.github.apiguard.sample.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One sample app in its own JVM, the way it runs in production: a child process started from the test's
 * class path, on a free port, with its output in {@code target/faults/<name>.log}. Requests to it carry a
 * client-side timeout, the suite's hang detector.
 */
final class SampleProcess {

	/**
	 * The hang detector: far longer than any answer may take (Redis' command timeout is 250 ms in the outage
	 * tests, 20 s where exact counts are asserted), far shorter than Lettuce's default of 60 s that a request
	 * without a timeout would wait. A request past it has hung. Generous, so a busy machine never reaches it.
	 */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private SampleProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a sample app; call {@link #awaitReady()} before sending requests.
	 * @param name the node's name, for logs and messages
	 * @param profiles the active profiles
	 * @param redisPort the port of the Redis it uses
	 * @param arguments further application arguments ({@code --key=value})
	 * @return the starting process
	 */
	static SampleProcess start(String name, String profiles, int redisPort, String... arguments) {
		List<String> all = new ArrayList<>(
				List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort));
		all.addAll(List.of(arguments));
		return start(name, profiles, all);
	}

	/**
	 * Starts a sample app that uses no Redis (e.g. the {@code postgres} profile); call {@link #awaitReady()}
	 * before sending requests.
	 * @param name the node's name, for logs and messages
	 * @param profiles the active profiles
	 * @param arguments further application arguments ({@code --key=value})
	 * @return the starting process
	 */
	static SampleProcess startWithoutRedis(String name, String profiles, String... arguments) {
		return start(name, profiles, List.of(arguments));
	}

	private static SampleProcess start(String name, String profiles, List<String> arguments) {
		int port = freePort();
		Path log = Path.of("target", "faults", name + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				"io.github.apiguard.sample.SampleApplication", "--server.port=" + port,
				"--spring.profiles.active=" + profiles, "--spring.main.banner-mode=off"));
		command.addAll(arguments);
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			// Should the test JVM end without @AfterAll (a surefire timeout, a crash), no node outlives it.
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-shutdown"));
			return new SampleProcess(name, port, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the app answers HTTP (any answer will do), polling.
	 * @return this process
	 */
	SampleProcess awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + ":\n" + logTail());
			}
			try {
				this.client.send(HttpRequest.newBuilder(uri("/ready")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				return this;
			}
			catch (IOException ex) {
				sleep(Duration.ofMillis(250));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException(this.name + " did not start within " + STARTUP_TIMEOUT + ":\n" + logTail());
	}

	String name() {
		return this.name;
	}

	/**
	 * Kills the JVM with SIGKILL: no shutdown hook, no graceful shutdown, nothing recorded.
	 */
	void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/**
	 * Stops the JVM (SIGTERM, then SIGKILL if it lingers).
	 */
	void stop() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
		waitForExit();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Answer get(String path, String apiKey) {
		return send(path, (r) -> r.header("Authorization", "Bearer " + apiKey).GET());
	}

	Answer post(String path, String apiKey, String idempotencyKey, String json) {
		return send(path, (r) -> r.header("Authorization", "Bearer " + apiKey)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(BodyPublishers.ofString(json)));
	}

	Answer send(String path, UnaryOperator<HttpRequest.Builder> request) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.client.send(
					request.apply(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answer(this.name, response.statusCode(), response.headers(), response.body(), millisSince(start));
		}
		catch (HttpTimeoutException ex) {
			return new Answer(this.name, Answer.TIMED_OUT, null, "", millisSince(start));
		}
		catch (IOException ex) {
			return new Answer(this.name, Answer.IO_ERROR, null, String.valueOf(ex), millisSince(start));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private void waitForExit() {
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts several nodes at once and waits for all of them.
	 * @param nodes the starting nodes
	 * @return the nodes, ready
	 */
	static List<SampleProcess> awaitAll(SampleProcess... nodes) {
		for (SampleProcess node : nodes) {
			node.awaitReady();
		}
		return List.of(nodes);
	}

}
