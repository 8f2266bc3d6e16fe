package io.github.apiguard.sample.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.apiguard.sample.SampleApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sample apps in their own JVMs on one real Redis, hit by concurrent clients: identical idempotent
 * writes run once, a limit admits exactly its size across both nodes, and clients stay apart — neither an
 * idempotency key nor an exhausted limit crosses from one client to another.
 */
class ConcurrencyAndIsolationTests {

	private static final String EXACTNESS_REDIS_TIMEOUT = "--spring.data.redis.timeout=20s";

	static final String OTHER_PUBLIC = "pk_test_faults_other";

	static final String THIRD_PUBLIC = "pk_test_faults_third";

	static DurableRedis redis;

	static SampleProcess first;

	static SampleProcess second;

	@BeforeAll
	static void startTwoNodes() {
		redis = new DurableRedis();
		// Exact counts are asserted here: only a real outage may reach Redis' timeout (the breaker would open and
		// the nodes would count locally), never a busy machine.
		first = SampleProcess.start("concurrency-a", "seed-000,redis,faults", redis.port(), EXACTNESS_REDIS_TIMEOUT);
		second = SampleProcess.start("concurrency-b", "seed-000,redis,faults", redis.port(), EXACTNESS_REDIS_TIMEOUT);
		SampleProcess.awaitAll(first, second);
	}

	@AfterAll
	static void stop() {
		if (first != null) {
			first.stop();
		}
		if (second != null) {
			second.stop();
		}
		if (redis != null) {
			redis.stop();
		}
	}

	@Test
	void sixtyFourIdenticalWritesSplitAcrossBothNodesCreateExactlyOneBuild() {
		FaultReport report = new FaultReport("concurrent-idempotent-writes");
		String name = "concurrent-" + UUID.randomUUID();
		String key = "key-" + name;
		List<Answer> answers = concurrently(64,
				(i) -> report.count("POST", node(i).post("/v1/builds", SampleApi.ADMIN, key, "{\"name\":\"" + name + "\"}")));
		Answer retry = first.post("/v1/builds", SampleApi.ADMIN, key, "{\"name\":\"" + name + "\"}");
		int builds = buildsNamed(name, SampleApi.ADMIN);
		report.print("builds created=" + builds + ", duplicates=" + Math.max(0, builds - 1) + ", lost=" + ((builds == 0) ? 1 : 0));
		assertThat(answers).extracting(Answer::outcome).allMatch((outcome) -> outcome.equals("201")
				|| outcome.equals("409 idempotency_in_flight"), "only the build or 'in flight'");
		Set<String> bodies = new HashSet<>();
		answers.stream().filter((answer) -> answer.status() == 201).forEach((answer) -> bodies.add(answer.body()));
		assertThat(bodies).hasSize(1);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).hasValue("true");
		assertThat(bodies).containsExactly(retry.body());
		assertThat(builds).isEqualTo(1);
	}

	@Test
	void tenTimesTheLimitInConcurrentRequestsAdmitsExactlyTheLimit() {
		FaultReport report = new FaultReport("concurrent-rate-limit");
		List<Answer> answers = concurrently(200, (i) -> report.count("GET", node(i).get("/v1/builds", SampleApi.PUBLIC)));
		report.print("limit=20, admitted=" + report.count("GET 200"));
		assertThat(answers).extracting(Answer::outcome).containsOnly("200", "429 rate_limit_exceeded");
		assertThat(report.count("GET 200")).isEqualTo(20);
		assertThat(report.count("GET 429 rate_limit_exceeded")).isEqualTo(180);
		assertThat(answers).filteredOn((answer) -> answer.status() == 429)
			.allSatisfy((answer) -> assertThat(answer.header("Retry-After")).isPresent());
	}

	@Test
	void aClientExhaustingItsLimitDoesNotLimitAnother() {
		FaultReport report = new FaultReport("rate-limit-isolation");
		for (int i = 0; i < 24; i++) {
			report.count("exhausting GET", node(i).get("/v1/builds", OTHER_PUBLIC));
		}
		List<Answer> others = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			others.add(report.count("other client GET", node(i).get("/v1/builds", THIRD_PUBLIC)));
		}
		report.print("other client limited=" + others.stream().filter((answer) -> answer.status() == 429).count());
		assertThat(report.count("exhausting GET 200")).isEqualTo(20);
		assertThat(report.count("exhausting GET 429 rate_limit_exceeded")).isEqualTo(4);
		assertThat(others).extracting(Answer::status).containsOnly(200);
		assertThat(others).extracting((answer) -> answer.header("X-RateLimit-Remaining").orElseThrow())
			.containsExactly("19", "18", "17", "16");
	}

	@Test
	void aClientUsingAnotherClientsIdempotencyKeyNeverReceivesItsResponse() {
		FaultReport report = new FaultReport("idempotency-isolation");
		String key = "shared-" + UUID.randomUUID();
		String json = "{\"name\":\"" + key + "\"}";
		Answer admins = report.count("admin POST", first.post("/v1/builds", SampleApi.ADMIN, key, json));
		Answer seconds = report.count("second POST", second.post("/v1/builds", SampleApi.SECOND, key, json));
		Answer secondsRetry = report.count("second POST", first.post("/v1/builds", SampleApi.SECOND, key, json));
		Answer secondsOtherBody = report.count("second POST", second.post("/v1/builds", SampleApi.SECOND, key,
				"{\"name\":\"different\"}"));
		String adminsId = admins.json().path("id").asString();
		Answer peek = report.count("second GET", second.get("/v1/builds/" + adminsId, SampleApi.SECOND));
		report.print("responses leaked=" + List.of(seconds, secondsRetry, secondsOtherBody, peek)
			.stream()
			.filter((answer) -> answer.body().contains(adminsId))
			.count());
		assertThat(admins.status()).isEqualTo(201);
		assertThat(seconds.status()).isEqualTo(201);
		assertThat(seconds.header("Idempotent-Replayed")).isEmpty();
		assertThat(seconds.body()).doesNotContain(adminsId);
		assertThat(secondsRetry.header("Idempotent-Replayed")).hasValue("true");
		assertThat(secondsRetry.body()).isEqualTo(seconds.body());
		assertThat(secondsOtherBody.outcome()).isEqualTo("409 conflict");
		assertThat(peek.outcome()).isEqualTo("404 not_found");
		assertThat(buildsNamed(key, SampleApi.ADMIN)).isOne();
		assertThat(buildsNamed(key, SampleApi.SECOND)).isOne();
	}

	private static SampleProcess node(int i) {
		return (i % 2 == 0) ? first : second;
	}

	/** Builds of the client with this name on both nodes (each node keeps its builds in its own memory). */
	private static int buildsNamed(String name, String apiKey) {
		int count = 0;
		for (SampleProcess node : List.of(first, second)) {
			Answer list = node.get("/v1/builds", apiKey);
			assertThat(list.status()).as(list.body()).isEqualTo(200);
			for (JsonNode build : list.json().path("data")) {
				if (build.path("name").asString().equals(name)) {
					count++;
				}
			}
		}
		return count;
	}

	/** Runs the requests at once: every thread waits at a gate until all are ready. */
	static List<Answer> concurrently(int count, IntFunction<Answer> request) {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(count, 64));
		try {
			CountDownLatch gate = new CountDownLatch(1);
			List<Future<Answer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					gate.await();
					return request.apply(index);
				}));
			}
			gate.countDown();
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
