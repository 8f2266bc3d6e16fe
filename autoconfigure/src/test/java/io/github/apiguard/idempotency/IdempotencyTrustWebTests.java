package io.github.apiguard.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.github.apiguard.errors.ForbiddenException;
import io.github.apiguard.errors.UnprocessableException;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tries to make idempotency give a wrong answer, over a real port: a failure after the response was
 * committed, a key reused on another resource or with an ambiguous query, and answers apiguard gives
 * before the handler runs. Each must never become a replayed success or a stored outcome.
 */
@SpringBootTest(classes = { TestApplication.class, IdempotencyTrustWebTests.Endpoints.class,
		IdempotencyTrustWebTests.Config.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.max-response-size=1KB",
				"apiguard.rate-limit.policies.quota.paths=/quota/**",
				"apiguard.rate-limit.policies.quota.limits.default[0].name=orders",
				"apiguard.rate-limit.policies.quota.limits.default[0].limit=1",
				"apiguard.rate-limit.policies.quota.limits.default[0].period=1h",
				"apiguard.rate-limit.policies.quota.limits.default[0].status=402",
				"apiguard.rate-limit.policies.quota.limits.default[0].code=quota_exceeded" })
class IdempotencyTrustWebTests {

	/** Larger than Tomcat's 8 KB response buffer, so these bytes commit the response before the failure. */
	static final int COMMITTING_SIZE = 64 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	Endpoints endpoints;

	@Autowired
	MutableClock clock;

	IdempotencyHttp http;

	String key;

	String run;

	@BeforeEach
	void setUp() {
		this.http = new IdempotencyHttp(this.port);
		this.key = UUID.randomUUID().toString();
		this.run = UUID.randomUUID().toString();
	}

	// Case 1: a failure after the response is committed is never a success.

	@Test
	void failureAfterTheBodyWasCommittedAbortsTheResponseWithoutAKey() throws IOException {
		RawResponse response = RawResponse.post(this.port, "/streams/" + this.run, null);
		assertThat(response.head()).startsWith("HTTP/1.1 200");
		assertThat(response.complete()).as("a complete-looking response for a failed request").isFalse();
	}

	@Test
	void failureAfterTheBodyWasCommittedAbortsTheResponseAndIsNeverReplayedAsASuccess() throws IOException {
		RawResponse response = RawResponse.post(this.port, "/streams/" + this.run, this.key);
		assertThat(response.head()).startsWith("HTTP/1.1 200");
		assertThat(response.complete()).as("a complete-looking response for a failed request").isFalse();
		// The same rule as any exception escaping the handler: the key is released and the retry runs.
		HttpResponse<String> retry = this.http.post("/streams/" + this.run).key(this.key).json("{}").send();
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(retry.body()).hasSize(COMMITTING_SIZE);
		assertThat(this.endpoints.attempts(this.run)).isEqualTo(2);
	}

	@Test
	void errorAfterABodyTooLargeToStoreButNotYetCommittedIsRenderedAndReplayedInFull() {
		HttpResponse<String> first = this.http.post("/late-errors/" + this.run).key(this.key).json("{}").send();
		HttpResponse<String> replay = this.http.post("/late-errors/" + this.run).key(this.key).json("{}").send();
		assertThat(first.statusCode()).isEqualTo(422);
		assertThat(first.body()).contains("\"unprocessable\"").doesNotContain("xxxx");
		assertThat(replay.statusCode()).isEqualTo(422);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.headers().firstValue("Idempotent-Body-Omitted")).isEmpty();
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(this.endpoints.attempts(this.run)).isEqualTo(1);
	}

	// Case 2: a key reused on another resource is a mismatch.

	@Test
	void sameKeyAndBodyOnAnotherResourceOfTheSameRouteIs409IdempotencyConflict() {
		HttpResponse<String> first = this.http.post("/deployments/build-a").key(this.key).json("{}").send();
		HttpResponse<String> other = this.http.post("/deployments/build-b").key(this.key).json("{}").send();
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(other.statusCode()).isEqualTo(409);
		assertThat(other.body()).contains("idempotency_conflict");
		assertThat(this.endpoints.deployed).containsKey("build-a").doesNotContainKey("build-b");
	}

	@Test
	void percentEncodingOfTheSameResourceStillReplays() {
		HttpResponse<String> first = this.http.post("/deployments/build%2Dc").key(this.key).json("{}").send();
		HttpResponse<String> replay = this.http.post("/deployments/build-c").key(this.key).json("{}").send();
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	// Case 3: the canonical query is unambiguous.

	@Test
	void queriesThatDifferOnlyInWhereAnAmpersandWasEncodedAreAMismatch() {
		HttpResponse<String> first = this.http.post("/deployments/build-d?a=x&b=y").key(this.key).json("{}").send();
		HttpResponse<String> other = this.http.post("/deployments/build-d?a=x%261:b=y")
			.key(this.key)
			.json("{}")
			.send();
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(other.statusCode()).isEqualTo(409);
		assertThat(other.body()).contains("idempotency_conflict");
	}

	// Case 4: what apiguard answers before the handler runs is never stored.

	@Test
	void quotaRejectionIsNotTheKeysOutcomeSoTheRetryRunsOnceTheQuotaResets() {
		assertThat(this.http.post("/quota/orders").key(UUID.randomUUID().toString()).json("{}").send().statusCode())
			.isEqualTo(201);
		HttpResponse<String> rejected = this.http.post("/quota/orders").key(this.key).json("{}").send();
		assertThat(rejected.statusCode()).isEqualTo(402);
		this.clock.advance(Duration.ofHours(1));
		HttpResponse<String> retry = this.http.post("/quota/orders").key(this.key).json("{}").send();
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void forbiddenAnsweredByAnInterceptorBeforeTheHandlerIsNotTheKeysOutcome() {
		HttpResponse<String> denied = this.http.post("/deployments/build-e")
			.key(this.key)
			.header("X-Deny", "true")
			.json("{}")
			.send();
		HttpResponse<String> retry = this.http.post("/deployments/build-e").key(this.key).json("{}").send();
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(this.endpoints.deployed).containsKey("build-e");
	}

	@Test
	void errorOfTheHandlerItselfIsStillStoredAndReplayed() {
		HttpResponse<String> first = this.http.post("/refusals/" + this.run).key(this.key).json("{}").send();
		HttpResponse<String> replay = this.http.post("/refusals/" + this.run).key(this.key).json("{}").send();
		assertThat(first.statusCode()).isEqualTo(422);
		assertThat(replay.statusCode()).isEqualTo(422);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.endpoints.attempts(this.run)).isEqualTo(1);
	}

	/**
	 * A response read off a socket as the bytes came, to tell a complete chunked body from an aborted one.
	 */
	record RawResponse(String head, boolean complete) {

		static RawResponse post(int port, String path, String key) throws IOException {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				// The hang detector: a response that neither completes nor aborts fails the test.
				socket.setSoTimeout(30_000);
				String request = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ ((key != null) ? "Idempotency-Key: " + key + "\r\n" : "") + "Content-Length: 2\r\n\r\n{}";
				OutputStream out = socket.getOutputStream();
				out.write(request.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				String head = readHead(in);
				assertThat(head.toLowerCase()).contains("transfer-encoding: chunked");
				return new RawResponse(head, readChunks(in));
			}
		}

		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (true) {
				int b = in.read();
				if (b < 0) {
					break;
				}
				head.write(b);
				String text = head.toString(StandardCharsets.US_ASCII);
				if (text.endsWith("\r\n\r\n")) {
					return text;
				}
			}
			return head.toString(StandardCharsets.US_ASCII);
		}

		/**
		 * Reads a chunked body: {@code true} when its last chunk arrived, {@code false} when the connection
		 * ended before it.
		 */
		private static boolean readChunks(InputStream in) throws IOException {
			while (true) {
				String sizeLine = readLine(in);
				if (sizeLine == null) {
					return false;
				}
				int size = Integer.parseInt(sizeLine.trim(), 16);
				if (size == 0) {
					return readLine(in) != null;
				}
				if (in.readNBytes(size).length < size || readLine(in) == null) {
					return false;
				}
			}
		}

		private static String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			while (true) {
				int b;
				try {
					b = in.read();
				}
				catch (IOException ex) {
					// A reset connection is an aborted response too.
					return null;
				}
				if (b < 0) {
					return null;
				}
				if (b == '\n') {
					return line.toString();
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(Endpoints.class)
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
		}

		/** An access check of the application's own, between apiguard's interceptors and the handler. */
		@Bean
		WebMvcConfigurer denyingInterceptor() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new HandlerInterceptor() {

						@Override
						public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
								Object handler) {
							if (request.getHeader("X-Deny") != null) {
								throw new ForbiddenException("Not allowed today.");
							}
							return true;
						}

					}).order(150);
				}

			};
		}

	}

	@RestController
	static class Endpoints {

		final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		final Map<String, Integer> deployed = new ConcurrentHashMap<>();

		int attempts(String run) {
			AtomicInteger count = this.attempts.get(run);
			return (count != null) ? count.get() : 0;
		}

		private int attempt(String run) {
			return this.attempts.computeIfAbsent(run, (r) -> new AtomicInteger()).incrementAndGet();
		}

		/** Streams a body larger than the response buffer, then fails on the first attempt. */
		@PostMapping("/streams/{run}")
		void stream(@PathVariable String run, HttpServletResponse response) throws IOException {
			int attempt = attempt(run);
			response.setContentType("text/plain");
			OutputStream out = response.getOutputStream();
			out.write("x".repeat(COMMITTING_SIZE).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			if (attempt == 1) {
				throw new IllegalStateException("The database went away half-way through the export");
			}
		}

		/** Writes more than idempotency stores, but less than the container's buffer, then refuses. */
		@PostMapping("/late-errors/{run}")
		void lateError(@PathVariable String run, HttpServletResponse response) throws IOException {
			attempt(run);
			response.setContentType("text/plain");
			response.getOutputStream().write("x".repeat(2048).getBytes(StandardCharsets.US_ASCII));
			throw new UnprocessableException("The export cannot be produced.");
		}

		@PostMapping("/deployments/{build}")
		ResponseEntity<Map<String, Object>> deploy(@PathVariable String build,
				@RequestBody Map<String, Object> body) {
			this.deployed.merge(build, 1, Integer::sum);
			return ResponseEntity.status(201).body(Map.of("build", build));
		}

		@PostMapping("/quota/orders")
		ResponseEntity<Map<String, Object>> quotaOrder(@RequestBody Map<String, Object> body) {
			return ResponseEntity.status(201).body(Map.of("ordered", true));
		}

		@PostMapping("/refusals/{run}")
		void refuse(@PathVariable String run, @RequestBody Map<String, Object> body) {
			attempt(run);
			throw new UnprocessableException("The engine rejected this part.");
		}

	}

}
