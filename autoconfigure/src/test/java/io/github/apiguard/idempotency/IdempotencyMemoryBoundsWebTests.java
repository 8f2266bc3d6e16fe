package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store's two bounds over HTTP: completed responses filling {@code memory.max-size} never
 * evict a request in flight, and once {@code memory.max-claims} requests are in flight a new one is refused
 * with a retryable 503, never run unprotected.
 */
@SpringBootTest(classes = { TestApplication.class, IdempotencyMemoryBoundsWebTests.Config.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.memory.max-size=64KB",
				"apiguard.idempotency.memory.max-claims=2", "apiguard.idempotency.max-response-size=8KB" })
class IdempotencyMemoryBoundsWebTests {

	@LocalServerPort
	int port;

	@Autowired
	HeldRequests held;

	IdempotencyHttp http;

	@AfterEach
	void finishEverything() {
		this.held.finishAll();
	}

	@Test
	void responsesFillingTheSizeBoundNeverEvictARequestInFlight() throws Exception {
		this.http = new IdempotencyHttp(this.port);
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> running = start("running", key);
		// Three times max-size in completed 4 KB responses of other keys, one at a time.
		for (int i = 0; i < 48; i++) {
			assertThat(this.http.post("/reports").key(UUID.randomUUID().toString()).send().statusCode()).isEqualTo(200);
		}
		HttpResponse<String> duplicate = this.http.post("/held/running").key(key).send();
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).contains("\"code\":\"idempotency_in_flight\"");
		this.held.finish("running");
		assertThat(running.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.held.runs("running")).isOne();
	}

	@Test
	void aNewRequestPastTheClaimsBoundIsRefusedWithARetryable503AndDoesNotRun() throws Exception {
		this.http = new IdempotencyHttp(this.port);
		CompletableFuture<HttpResponse<String>> first = start("first", UUID.randomUUID().toString());
		CompletableFuture<HttpResponse<String>> second = start("second", UUID.randomUUID().toString());
		String key = UUID.randomUUID().toString();
		HttpResponse<String> refused = this.http.post("/held/third").key(key).send();
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.body()).contains("\"code\":\"idempotency_capacity_exceeded\"");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(this.held.runs("third")).isZero();
		// Once a request in flight ends, its place is free and the retry runs.
		this.held.finish("first");
		assertThat(first.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		HttpResponse<String> retry = this.http.post("/held/third").key(key).send();
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(this.held.runs("third")).isOne();
		this.held.finish("second");
		assertThat(second.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	private CompletableFuture<HttpResponse<String>> start(String name, String key) throws InterruptedException {
		this.held.hold(name);
		CompletableFuture<HttpResponse<String>> response = CompletableFuture
			.supplyAsync(() -> this.http.post("/held/" + name).key(key).send());
		assertThat(this.held.entered(name).await(120, TimeUnit.SECONDS)).as(name + " started").isTrue();
		return response;
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(HeldRequests.class)
	static class Config {

	}

	/**
	 * Requests whose first run, when the test holds it, lasts until the test lets it finish; and a 4 KB
	 * report.
	 */
	@RestController
	static class HeldRequests {

		private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

		private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		@PostMapping("/held/{name}")
		Map<String, Object> held(@PathVariable String name) throws InterruptedException {
			int run = this.runs.computeIfAbsent(name, (n) -> new AtomicInteger()).incrementAndGet();
			entered(name).countDown();
			CountDownLatch finished = this.finished.get(name);
			// Only the first run is held: a duplicate let through runs at once, and the test says so.
			if (finished != null && run == 1) {
				finished.await(120, TimeUnit.SECONDS);
			}
			return Map.of("name", name, "run", run);
		}

		@PostMapping(path = "/reports", produces = MediaType.TEXT_PLAIN_VALUE)
		String report() {
			return "x".repeat(4096);
		}

		CountDownLatch entered(String name) {
			return this.entered.computeIfAbsent(name, (n) -> new CountDownLatch(1));
		}

		void hold(String name) {
			this.finished.putIfAbsent(name, new CountDownLatch(1));
		}

		void finish(String name) {
			this.finished.get(name).countDown();
		}

		void finishAll() {
			this.finished.values().forEach(CountDownLatch::countDown);
		}

		int runs(String name) {
			AtomicInteger count = this.runs.get(name);
			return (count != null) ? count.get() : 0;
		}

	}

}
