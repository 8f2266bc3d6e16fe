package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The non-default policies, by configuration alone: every POST requires a key (seed 001, with its
 * {@code invalid_request} spelling), another header name, unexpected 500s stored, and the IETF draft's 422
 * for a reused key.
 */
@SpringBootTest(classes = { TestApplication.class, IdempotencyTestEndpoints.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "apiguard.idempotency.store=memory", "apiguard.idempotency.require-key=true",
				"apiguard.idempotency.methods=POST", "apiguard.idempotency.store-server-errors=true",
				"apiguard.idempotency.lease=2s",
				"apiguard.errors.codes.idempotency-conflict.status=422",
				"apiguard.errors.codes.idempotency-key-missing.code=invalid_request" })
class IdempotencyPolicyWebTests {

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
	}

	@AfterEach
	void resetDelay() {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 0;
	}

	@Test
	void handlerRunningLongerThanItsLeaseStaysInFlightBecauseTheLeaseIsRenewed() throws Exception {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 4500;
		CompletableFuture<HttpResponse<String>> first = CompletableFuture
			.supplyAsync(() -> this.http.post("/orders").key(this.key).json("{}").send());
		// Real time on purpose: renewal runs on the wall clock. Past the 2 s lease, but while the handler runs.
		Thread.sleep(3000);
		HttpResponse<String> duplicate = this.http.post("/orders").key(this.key).json("{}").send();
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).contains("\"code\":\"idempotency_in_flight\"");
		assertThat(first.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		HttpResponse<String> replay = this.http.post("/orders").key(this.key).json("{}").send();
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	@Test
	void everyPostWithoutAKeyIs400AsSpelledByTheApplication() {
		HttpResponse<String> response = this.http.post("/orders").json("{}").send();
		assertThat(response.statusCode()).isEqualTo(400);
		// Seed 001's body exactly: nothing but the remapped code and the message.
		assertThat(response.body()).isEqualTo(
				"{\"error\":{\"code\":\"invalid_request\",\"message\":\"An Idempotency-Key header is required for this request.\"}}");
	}

	@Test
	void methodsLeftOutOfTheListNeedNoKey() {
		assertThat(this.http.patch("/orders/1").json("{}").send().statusCode()).isEqualTo(200);
	}

	@Test
	void reusedKeyWithAnotherBodyCanBeAnswered422() {
		this.http.post("/orders").key(this.key).json("{\"a\":1}").send();
		HttpResponse<String> conflict = this.http.post("/orders").key(this.key).json("{\"a\":2}").send();
		assertThat(conflict.statusCode()).isEqualTo(422);
		assertThat(conflict.body()).contains("\"code\":\"idempotency_conflict\"");
	}

	@Test
	void unexpected500IsStoredAndReplayedWhenConfigured() {
		String path = "/outcomes/boom?run=" + this.key;
		HttpResponse<String> first = this.http.post(path).key(this.key).send();
		HttpResponse<String> replay = this.http.post(path).key(this.key).send();
		assertThat(first.statusCode()).isEqualTo(500);
		assertThat(replay.statusCode()).isEqualTo(500);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(1);
	}

	@Test
	void retryable503IsStillReleasedWhenServerErrorsAreStored() {
		String path = "/outcomes/unavailable?run=" + this.key;
		assertThat(this.http.post(path).key(this.key).send().statusCode()).isEqualTo(503);
		assertThat(this.http.post(path).key(this.key).send().statusCode()).isEqualTo(200);
		assertThat(this.endpoints.attempts(this.key)).isEqualTo(2);
	}

}
