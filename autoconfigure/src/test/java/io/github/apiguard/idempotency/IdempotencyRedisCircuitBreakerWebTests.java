package io.github.apiguard.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.ServiceUnavailableException;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idempotency store behind the circuit breaker, against a real {@code redis-server} frozen with SIGSTOP —
 * a Redis that accepts what is sent but never answers, so that every call to it costs a full command timeout.
 * One claim pays that timeout and opens the breaker; every later idempotent request is answered by the outage
 * policy at once, and the server's own command counts prove that none of them reached it. Once Redis runs
 * again and the open duration has passed on the application's clock (moved by hand, nothing sleeps), one trial
 * call closes the breaker and keys are protected again. Two nodes, each with a dedicated server so that their
 * counts are their own: one denies (503 with {@code Retry-After}), one allows (the handler runs without its
 * key).
 */
class IdempotencyRedisCircuitBreakerWebTests {

	private static final Duration OPEN = Duration.ofSeconds(30);

	private static RedisServerSupport denyRedis;

	private static RedisServerSupport allowRedis;

	private static ConfigurableApplicationContext deny;

	private static ConfigurableApplicationContext allow;

	@BeforeAll
	static void startNodes() {
		denyRedis = RedisServerSupport.dedicated();
		allowRedis = RedisServerSupport.dedicated();
		deny = node(denyRedis, "deny");
		allow = node(allowRedis, "allow");
	}

	private static ConfigurableApplicationContext node(RedisServerSupport redis, String policy) {
		// The command timeout is reached on purpose, once per test: only while Redis is frozen.
		return new SpringApplicationBuilder(TestApplication.class, IdempotencyTestEndpoints.class, ClockConfig.class,
				GatedOrders.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=5s", "apiguard.idempotency.store=redis",
					"apiguard.idempotency.outage.policy=" + policy,
					"apiguard.idempotency.outage.open-duration=" + OPEN.toSeconds() + "s",
					"spring.main.banner-mode=off")
			.run();
	}

	@AfterAll
	static void stopNodes() {
		deny.close();
		allow.close();
		denyRedis.stop();
		allowRedis.stop();
	}

	@BeforeEach
	void warmUp() {
		// Connections are up and the scripts loaded, so that a claim is one EVALSHA on the wire.
		assertThat(order(deny, UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
		assertThat(order(allow, UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
		IdempotencyTestEndpoints.Endpoints.created.set(0);
	}

	@Test
	void denyAnswers503AtOnceWithoutCallingRedisOnceTheBreakerIsOpenAndATrialClosesItAfterwards() {
		CircuitBreaker breaker = breaker(deny);
		long before = storeCallsRun(denyRedis);
		String first = UUID.randomUUID().toString();
		denyRedis.pause();
		try {
			HttpResponse<String> timedOut = order(deny, first);
			assertThat(timedOut.statusCode()).isEqualTo(503);
			assertThat(breaker.isOpen()).isTrue();
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> refused = order(deny, UUID.randomUUID().toString());
				assertThat(refused.statusCode()).isEqualTo(503);
				assertThat(refused.body()).contains("\"code\":\"service_unavailable\"");
				assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
			}
		}
		finally {
			denyRedis.resume();
		}
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
		// Only the first claim went to Redis; the five after it, and the background release of the first (its
		// claim is in doubt), were refused by the breaker. Whatever reached the frozen server waited in its
		// socket, and it has run it by the time it answers this question.
		assertThat(storeCallsRun(denyRedis)).isEqualTo(before + 1);
		assertThat(breaker.isOpen()).isTrue();
		recover(deny);
		// The claim in doubt is released by its owner token once the store answers, so the first key runs once.
		String retried = await().atMost(Duration.ofSeconds(120)).until(() -> order(deny, first).body(),
				(body) -> !body.contains("idempotency_in_flight") && !body.contains("service_unavailable"));
		assertThat(retried).contains("\"id\"");
		HttpResponse<String> replay = order(deny, first);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(retried);
	}

	@Test
	void allowRunsTheHandlerWithoutItsKeyAtOnceWithoutCallingRedisOnceTheBreakerIsOpen() {
		CircuitBreaker breaker = breaker(allow);
		long before = storeCallsRun(allowRedis);
		String key = UUID.randomUUID().toString();
		allowRedis.pause();
		try {
			assertThat(order(allow, UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
			assertThat(breaker.isOpen()).isTrue();
			// The same key twice: unprotected means what it says, both run.
			assertThat(order(allow, key).statusCode()).isEqualTo(201);
			HttpResponse<String> again = order(allow, key);
			assertThat(again.statusCode()).isEqualTo(201);
			assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
		}
		finally {
			allowRedis.resume();
		}
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(3);
		assertThat(storeCallsRun(allowRedis)).isEqualTo(before + 1);
		recover(allow);
		// Protected again: the key runs once more, then replays.
		int created = IdempotencyTestEndpoints.Endpoints.created.get();
		assertThat(order(allow, key).statusCode()).isEqualTo(201);
		assertThat(order(allow, key).headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(created + 1);
	}

	@Test
	void anOutcomeTheOpenBreakerRefusedIsStoredOnceTheStoreAnswersAndItsRetryIsReplayed() throws Exception {
		GatedOrders orders = deny.getBean(GatedOrders.class);
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> gated(deny, key, "none"));
		orders.awaitEntered();
		openBreakerByAnotherClientsTimeout();
		// The handler ran and answers while the breaker is open: the completion is refused, not the response.
		orders.open();
		HttpResponse<String> answered = first.get(120, TimeUnit.SECONDS);
		assertThat(answered.statusCode()).isEqualTo(201);
		recover(deny);
		HttpResponse<String> retried = awaitSettled(() -> gated(deny, key, "none"));
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retried.body()).isEqualTo(answered.body());
		assertThat(orders.runs(key)).isOne();
	}

	@Test
	void aReleaseTheOpenBreakerRefusedIsMadeOnceTheStoreAnswersSoTheRetryRunsAgain() throws Exception {
		GatedOrders orders = deny.getBean(GatedOrders.class);
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> first = CompletableFuture
			.supplyAsync(() -> gated(deny, key, "unavailable"));
		orders.awaitEntered();
		openBreakerByAnotherClientsTimeout();
		orders.open();
		// A retryable answer: its key must be released so that a retry runs again, breaker or not.
		assertThat(first.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
		recover(deny);
		HttpResponse<String> retried = awaitSettled(() -> gated(deny, key, "unavailable"));
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(orders.runs(key)).isEqualTo(2);
	}

	/**
	 * Another client's claim meets a frozen Redis, times out and opens the breaker for every request of the node.
	 */
	private static void openBreakerByAnotherClientsTimeout() {
		denyRedis.pause();
		try {
			assertThat(order(deny, UUID.randomUUID().toString()).statusCode()).isEqualTo(503);
		}
		finally {
			denyRedis.resume();
		}
		assertThat(breaker(deny).isOpen()).isTrue();
	}

	/**
	 * Retries until the answer is neither "in flight" nor the outage's 503 (a hang detector, not a speed bound):
	 * the store call made again in the background may take a back-off or two once the breaker closed.
	 */
	private static HttpResponse<String> awaitSettled(Callable<HttpResponse<String>> retry) {
		return await().atMost(Duration.ofSeconds(120)).until(retry,
				(response) -> !response.body().contains("idempotency_in_flight")
						&& !response.body().contains("service_unavailable"));
	}

	private static HttpResponse<String> gated(ConfigurableApplicationContext node, String key, String fail) {
		int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
		return new IdempotencyHttp(port).post("/gated-orders?fail=" + fail).key(key).json("{\"item\":\"book\"}").send();
	}

	/**
	 * Moves the node's clock past the open duration, then waits (a hang detector) until a trial has reached
	 * Redis and closed the breaker: the trial is either a request of this test or the background release of the
	 * claim in doubt, whichever asks first.
	 */
	private static void recover(ConfigurableApplicationContext node) {
		node.getBean(MutableClock.class).advance(OPEN);
		CircuitBreaker breaker = breaker(node);
		await().atMost(Duration.ofSeconds(120)).until(() -> {
			if (breaker.isOpen()) {
				order(node, UUID.randomUUID().toString());
			}
			return !breaker.isOpen();
		});
	}

	private static CircuitBreaker breaker(ConfigurableApplicationContext node) {
		CircuitBreaker breaker = node.getBean("apiguardIdempotencyConfiguredStore", ConfiguredStore.class).breaker();
		assertThat(breaker).isNotNull();
		return breaker;
	}

	private static HttpResponse<String> order(ConfigurableApplicationContext node, String key) {
		int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
		return new IdempotencyHttp(port).post("/orders").key(key).json("{\"item\":\"book\"}").send();
	}

	/**
	 * The store calls the server has run ({@code EVALSHA}, {@code EVAL}), from {@code INFO commandstats}.
	 */
	private static long storeCallsRun(RedisServerSupport redis) {
		try (Socket socket = new Socket("127.0.0.1", redis.port())) {
			socket.setSoTimeout(120_000);
			socket.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
			BufferedReader reply = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String header = reply.readLine();
			assertThat(header).startsWith("$");
			int length = Integer.parseInt(header.substring(1));
			char[] body = new char[length];
			for (int read = 0; read < length;) {
				read += reply.read(body, read, length - read);
			}
			long calls = 0;
			for (String line : new String(body).split("\r\n")) {
				// Scripts only: the store makes every call as one, and the commands a script runs inside count too.
				if (line.startsWith("cmdstat_eval")) {
					String stats = line.substring(line.indexOf(':') + 1);
					calls += Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
				}
			}
			return calls;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An order endpoint whose first execution per key waits until the test opens its gate; with
	 * {@code fail=unavailable} that first execution then answers a retryable 503.
	 */
	@RestController
	static class GatedOrders {

		private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		private volatile CountDownLatch entered = new CountDownLatch(1);

		private volatile CountDownLatch gate = new CountDownLatch(1);

		@PostMapping("/gated-orders")
		ResponseEntity<Map<String, Object>> create(@RequestHeader("Idempotency-Key") String key,
				@RequestParam String fail, @RequestBody Map<String, Object> order) throws InterruptedException {
			int run = this.runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (run == 1) {
				CountDownLatch gate = this.gate;
				this.entered.countDown();
				assertThat(gate.await(120, TimeUnit.SECONDS)).isTrue();
				if ("unavailable".equals(fail)) {
					throw new ServiceUnavailableException("Try again later.");
				}
			}
			return ResponseEntity.status(201).body(Map.of("run", run, "key", key, "item", order.get("item")));
		}

		void awaitEntered() throws InterruptedException {
			assertThat(this.entered.await(120, TimeUnit.SECONDS)).isTrue();
		}

		void open() {
			this.gate.countDown();
			this.entered = new CountDownLatch(1);
			this.gate = new CountDownLatch(1);
		}

		int runs(String key) {
			AtomicInteger count = this.runs.get(key);
			return (count != null) ? count.get() : 0;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfig {

		@Bean
		MutableClock clock() {
			return MutableClock.at("2026-03-15T10:00:00Z");
		}

	}

}
