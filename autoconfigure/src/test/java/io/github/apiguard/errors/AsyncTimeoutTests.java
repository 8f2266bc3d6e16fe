package io.github.apiguard.errors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous request past {@code spring.mvc.async.request-timeout} is a 503 {@code service_unavailable}
 * (retryable) in the envelope, whatever the kind of handler, with or without an Idempotency-Key — and a
 * retry with the key runs again. The handlers wait for the test to release them, so the timeout always
 * comes first, however slow the machine.
 */
@SpringBootTest(classes = { TestApplication.class, AsyncTimeoutTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "spring.mvc.async.request-timeout=200ms" })
@ExtendWith(OutputCaptureExtension.class)
class AsyncTimeoutTests {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	static volatile CountDownLatch release = new CountDownLatch(1);

	static final AtomicInteger runs = new AtomicInteger();

	@LocalServerPort
	int port;

	@AfterEach
	void releaseHandlers() {
		release.countDown();
		release = new CountDownLatch(1);
	}

	@ParameterizedTest(name = "{0}, key: {1}")
	@CsvSource({ "callable,false", "callable,true", "deferred,false", "deferred,true", "task,false", "task,true" })
	void timedOutAsyncRequestIs503ServiceUnavailableAndNotAStoredOutcome(String kind, boolean withKey,
			CapturedOutput output) throws Exception {
		String key = UUID.randomUUID().toString();
		int before = runs.get();
		HttpResponse<String> first = post("/async/" + kind, withKey ? key : null);
		release.countDown();
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(first.body()).contains("service_unavailable");
		if (withKey) {
			release = new CountDownLatch(1);
			HttpResponse<String> retry = post("/async/" + kind, key);
			release.countDown();
			assertThat(retry.statusCode()).isEqualTo(503);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(runs.get() - before).isEqualTo(2);
		}
		// A 5xx is logged once, with its request id, and without the interrupted worker's stack.
		assertThat(output.getOut()).doesNotContain("InterruptedException");
		assertNoStackAfterTheErrorLine(output.getOut(), "/async/" + kind);
	}

	/**
	 * Checks apiguard's own 5xx lines only: the captured output is the whole JVM's, and a Lettuce client of
	 * an earlier test class (shut down while it was reconnecting to a Redis that test had stopped) may print
	 * a stack of its own at any moment.
	 */
	private static void assertNoStackAfterTheErrorLine(String out, String path) {
		List<String> lines = out.lines().toList();
		int logged = 0;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains("503 service_unavailable POST " + path)) {
				logged++;
				String next = (i + 1 < lines.size()) ? lines.get(i + 1) : "";
				assertThat(next).doesNotStartWith("\tat ").doesNotContain("Exception");
			}
		}
		assertThat(logged).isPositive();
	}

	private HttpResponse<String> post(String path, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Slow slow() {
			return new Slow();
		}

	}

	@RestController
	static class Slow {

		@PostMapping("/async/callable")
		Callable<Map<String, Object>> callable() {
			runs.incrementAndGet();
			CountDownLatch latch = release;
			return () -> {
				latch.await(60, TimeUnit.SECONDS);
				return Map.of("done", true);
			};
		}

		@PostMapping("/async/deferred")
		DeferredResult<Map<String, Object>> deferred() {
			runs.incrementAndGet();
			return new DeferredResult<>();
		}

		@PostMapping("/async/task")
		WebAsyncTask<Map<String, Object>> task() {
			runs.incrementAndGet();
			CountDownLatch latch = release;
			return new WebAsyncTask<>(() -> {
				latch.await(60, TimeUnit.SECONDS);
				return Map.of("done", true);
			});
		}

	}

}
