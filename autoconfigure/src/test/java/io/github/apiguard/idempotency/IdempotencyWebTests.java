package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Idempotency-Key contract over a real port, with the in-memory store.
 */
@SpringBootTest(classes = { TestApplication.class, IdempotencyTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.max-request-size=1KB",
				"apiguard.idempotency.max-response-size=1KB" })
class IdempotencyWebTests {

	@LocalServerPort
	int port;

	@Autowired
	IdempotencyTestEndpoints.Endpoints endpoints;

	IdempotencyHttp http;

	String key;

	@BeforeEach
	void setUp() {
		this.http = new IdempotencyHttp(this.port);
		this.key = UUID.randomUUID().toString();
		IdempotencyTestEndpoints.Endpoints.created.set(0);
	}

	@AfterEach
	void resetDelay() {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 0;
	}

	@Test
	void retryWithTheSameKeyAndBodyReplaysTheFirstResponseByteForByteWithoutRunningAgain() {
		HttpResponse<String> first = order(this.key, "{\"item\":\"book\"}");
		HttpResponse<String> replay = order(this.key, "{\"item\":\"book\"}");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		for (String header : List.of("Location", "ETag", "Content-Type")) {
			assertThat(replay.headers().allValues(header)).as(header).isEqualTo(first.headers().allValues(header));
		}
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void replayCarriesNoCookiesRateLimitHeadersOrOtherHeadersOffTheAllowList() {
		HttpResponse<String> first = order(this.key, "{\"item\":\"book\"}");
		HttpResponse<String> replay = order(this.key, "{\"item\":\"book\"}");
		assertThat(first.headers().firstValue("Set-Cookie")).isPresent();
		assertThat(replay.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(replay.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
		assertThat(replay.headers().firstValue("X-Custom")).isEmpty();
	}

	@Test
	void replayGetsItsOwnRequestId() {
		HttpResponse<String> first = this.http.post("/orders").key(this.key).json("{}").header("X-Request-Id", "first").send();
		HttpResponse<String> replay = this.http.post("/orders").key(this.key).json("{}").header("X-Request-Id", "second").send();
		assertThat(first.headers().firstValue("X-Request-Id")).hasValue("first");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.headers().allValues("X-Request-Id")).containsExactly("second");
	}

	@Test
	void replayIsAnsweredBeforeTheRateLimiterSoItConsumesNoQuota() {
		order(this.key, "{}");
		int afterFirst = IdempotencyTestEndpoints.rateLimiterCalls.get();
		HttpResponse<String> replay = order(this.key, "{}");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(IdempotencyTestEndpoints.rateLimiterCalls).hasValue(afterFirst);
		HttpResponse<String> conflict = order(this.key, "{\"other\":1}");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(IdempotencyTestEndpoints.rateLimiterCalls).hasValue(afterFirst);
	}

	@Test
	void formBodiesAreFingerprintedFromTheirParameters() {
		HttpResponse<String> first = this.http.post("/forms").key(this.key)
			.body("application/x-www-form-urlencoded", "name=ada".getBytes()).send();
		HttpResponse<String> replay = this.http.post("/forms").key(this.key)
			.body("application/x-www-form-urlencoded", "name=ada".getBytes()).send();
		HttpResponse<String> conflict = this.http.post("/forms").key(this.key)
			.body("application/x-www-form-urlencoded", "name=bob".getBytes()).send();
		assertThat(first.body()).contains("\"name\":\"ada\"");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(conflict.statusCode()).isEqualTo(409);
	}

	@Test
	void multipartBodiesAreFingerprintedFromTheirPartsAndStillReachTheHandler() {
		HttpResponse<String> first = upload("hello");
		HttpResponse<String> replay = upload("hello");
		HttpResponse<String> conflict = upload("other content");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"size\":5");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(conflict.statusCode()).isEqualTo(409);
	}

	private HttpResponse<String> upload(String content) {
		String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n" + content + "\r\n--b--\r\n";
		return this.http.post("/uploads").key(this.key).body("multipart/form-data; boundary=b", body.getBytes()).send();
	}

	@Test
	void sameKeyWithADifferentBodyIs409IdempotencyConflict() {
		order(this.key, "{\"item\":\"book\"}");
		HttpResponse<String> conflict = order(this.key, "{\"item\":\"pen\"}");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("\"code\":\"idempotency_conflict\"");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void sameKeyOnAnotherRouteIs409IdempotencyConflict() {
		order(this.key, "{\"item\":\"book\"}");
		HttpResponse<String> conflict = this.http.post("/payments").key(this.key).json("{\"item\":\"book\"}").send();
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("idempotency_conflict");
	}

	@Test
	void sameKeyWithAnotherContentTypeIs409IdempotencyConflict() {
		order(this.key, "{\"item\":\"book\"}");
		HttpResponse<String> conflict = this.http.post("/orders")
			.key(this.key)
			.body("application/vnd.api+json", "{\"item\":\"book\"}".getBytes())
			.send();
		assertThat(conflict.statusCode()).isEqualTo(409);
	}

	@Test
	void queryParameterOrderDoesNotChangeTheFingerprint() {
		assertThat(this.http.post("/outcomes/ok?run=" + this.key + "&x=1").key(this.key).send().statusCode())
			.isEqualTo(200);
		HttpResponse<String> replay = this.http.post("/outcomes/ok?x=1&run=" + this.key).key(this.key).send();
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(1);
	}

	@Test
	void repeatedQueryParameterInAnotherOrderIsAnotherRequest() {
		assertThat(this.http.post("/outcomes/ok?run=" + this.key + "&tag=a&tag=b").key(this.key).send().statusCode())
			.isEqualTo(200);
		HttpResponse<String> conflict = this.http.post("/outcomes/ok?run=" + this.key + "&tag=b&tag=a")
			.key(this.key)
			.send();
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("\"code\":\"idempotency_conflict\"");
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(1);
	}

	@Test
	void patchIsIdempotentByDefault() {
		this.http.patch("/orders/7").key(this.key).json("{\"item\":\"pen\"}").send();
		HttpResponse<String> replay = this.http.patch("/orders/7").key(this.key).json("{\"item\":\"pen\"}").send();
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void withoutAKeyAnOptionalEndpointRunsEveryTime() {
		this.http.post("/orders").json("{}").send();
		HttpResponse<String> second = this.http.post("/orders").json("{}").send();
		assertThat(second.statusCode()).isEqualTo(201);
		assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(2);
	}

	@Test
	void requiredKeyMissingIs400IdempotencyKeyMissing() {
		HttpResponse<String> response = this.http.post("/payments").json("{}").send();
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"code\":\"idempotency_key_missing\"");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "a\"b", "a,b", "a\\b" })
	void malformedKeyIs400IdempotencyKeyInvalid(String key) {
		HttpResponse<String> response = order(key, "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"code\":\"idempotency_key_invalid\"");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
	}

	@Test
	void keyLongerThan255CharactersIs400IdempotencyKeyInvalid() {
		assertThat(order("k".repeat(256), "{}").statusCode()).isEqualTo(400);
		assertThat(order("k".repeat(255), "{}").statusCode()).isEqualTo(201);
	}

	@Test
	void quotedStructuredFieldKeyNamesTheSameKeyAsTheBareToken() {
		order(this.key, "{}");
		HttpResponse<String> replay = order("\"" + this.key + "\"", "{}");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	@Test
	void bodyOverTheMaximumIs413OnAnIdempotentRequest() {
		HttpResponse<String> response = order(this.key, "{\"item\":\"" + "x".repeat(2048) + "\"}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"code\":\"payload_too_large\"");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
	}

	@Test
	void exemptEndpointGetsItsWholeLargeBodyAndRunsEveryTime() {
		String query = "q".repeat(4096);
		HttpResponse<String> first = this.http.post("/search").key(this.key).body("text/plain", query.getBytes()).send();
		HttpResponse<String> second = this.http.post("/search").key(this.key).body("text/plain", query.getBytes()).send();
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"length\":4096");
		assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void getIsNotIdempotentEvenWithAKey() {
		HttpResponse<String> response = this.http.get("/orders").key(this.key).send();
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(this.http.get("/orders").key(this.key).send().headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void responseOverTheStorableSizeIsRecordedWithoutBodyAndTheReplaySaysSo() {
		HttpResponse<String> first = this.http.post("/large").key(this.key).send();
		HttpResponse<String> replay = this.http.post("/large").key(this.key).send();
		assertThat(first.body()).hasSize(4096);
		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.headers().firstValue("Idempotent-Body-Omitted")).hasValue("true");
		assertThat(replay.body()).isEmpty();
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@ParameterizedTest
	@CsvSource({ "unavailable, 503", "rate-limited, 429", "not-ready, 409", "boom, 500" })
	void retryableOutcomeIsNotStoredSoTheRetryRunsAgainAndIsThenReplayed(String kind, int status) {
		String path = "/outcomes/" + kind + "?run=" + this.key;
		HttpResponse<String> failed = this.http.post(path).key(this.key).send();
		HttpResponse<String> retried = this.http.post(path).key(this.key).send();
		HttpResponse<String> replayed = this.http.post(path).key(this.key).send();
		assertThat(failed.statusCode()).isEqualTo(status);
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(retried.body()).isEqualTo("{\"attempt\":2}");
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(replayed.body()).isEqualTo("{\"attempt\":2}");
		assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(2);
	}

	@Test
	void nonRetryableErrorIsStoredAndReplayed() {
		String path = "/outcomes/unprocessable?run=" + this.key;
		HttpResponse<String> first = this.http.post(path).key(this.key).send();
		HttpResponse<String> replay = this.http.post(path).key(this.key).send();
		assertThat(first.statusCode()).isEqualTo(422);
		assertThat(replay.statusCode()).isEqualTo(422);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(1);
	}

	@Test
	void anotherClientUsingTheSameKeyNeverSeesTheFirstClientsResponse() {
		HttpResponse<String> alice = this.http.post("/secured/orders").basic("user").key(this.key).json("{\"item\":\"a\"}").send();
		HttpResponse<String> bob = this.http.post("/secured/orders").basic("admin").key(this.key).json("{\"item\":\"a\"}").send();
		assertThat(alice.statusCode()).isEqualTo(201);
		assertThat(bob.statusCode()).isEqualTo(201);
		assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(bob.body()).isNotEqualTo(alice.body());
		HttpResponse<String> aliceAgain = this.http.post("/secured/orders").basic("user").key(this.key).json("{\"item\":\"a\"}").send();
		assertThat(aliceAgain.body()).isEqualTo(alice.body());
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(2);
	}

	@Test
	void apiKeyClientsAreScopedApartToo() {
		HttpResponse<String> a = this.http.post("/orders").header("X-API-Key", "key-a").key(this.key).json("{}").send();
		HttpResponse<String> b = this.http.post("/orders").header("X-API-Key", "key-b").key(this.key).json("{}").send();
		assertThat(b.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(b.body()).isNotEqualTo(a.body());
	}

	@Test
	void thirtyTwoConcurrentDuplicatesRunTheHandlerExactlyOnce() throws Exception {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 1000;
		List<HttpResponse<String>> responses = concurrently(32, () -> order(this.key, "{\"item\":\"book\"}"));
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		assertOneRanAndTheOthersWereReplayedOrInFlight(responses);
	}

	static void assertOneRanAndTheOthersWereReplayedOrInFlight(List<HttpResponse<String>> responses) {
		long ran = responses.stream()
			.filter((r) -> r.statusCode() == 201 && r.headers().firstValue("Idempotent-Replayed").isEmpty())
			.count();
		assertThat(ran).isEqualTo(1);
		String original = responses.stream()
			.filter((r) -> r.statusCode() == 201 && r.headers().firstValue("Idempotent-Replayed").isEmpty())
			.findFirst()
			.orElseThrow()
			.body();
		assertThat(responses).allSatisfy((response) -> {
			if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
				assertThat(response.body()).isEqualTo(original);
			}
			else if (response.statusCode() == 409) {
				assertThat(response.body()).contains("\"code\":\"idempotency_in_flight\"");
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
			}
			else {
				assertThat(response.body()).isEqualTo(original);
			}
		});
		assertThat(responses).anySatisfy((response) -> assertThat(response.statusCode()).isEqualTo(409));
	}

	static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private HttpResponse<String> order(String key, String json) {
		return this.http.post("/orders").key(key).json(json).send();
	}

}
