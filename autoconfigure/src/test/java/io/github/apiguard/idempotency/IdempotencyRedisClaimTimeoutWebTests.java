package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim whose answer is lost — Redis ran it, but only after the client had given up on it — must not
 * poison its key. Redis is made slow on purpose: its process is frozen (SIGSTOP) while the claim is on the
 * wire, and let run again (SIGCONT) only once the client has timed out, which the 503 proves. Redis then runs
 * the claim; apiguard releases it by its owner token, and the retry runs. Two nodes: one fails closed (the
 * default), one fails open. A dedicated {@code redis-server} keeps the freeze away from other tests; the short
 * command timeout is the point of this test.
 */
class IdempotencyRedisClaimTimeoutWebTests {

	private static RedisServerSupport redis;

	private static ConfigurableApplicationContext failClosed;

	private static ConfigurableApplicationContext failOpen;

	@BeforeAll
	static void startNodes() {
		redis = RedisServerSupport.dedicated();
		failClosed = node("apiguard.idempotency.outage.policy=deny");
		failOpen = node("apiguard.idempotency.outage.policy=allow");
	}

	private static ConfigurableApplicationContext node(String failOpen) {
		return new SpringApplicationBuilder(TestApplication.class, IdempotencyTestEndpoints.class, Releases.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=1s", "apiguard.idempotency.store=redis", failOpen,
					"spring.main.banner-mode=off")
			.run();
	}

	@AfterAll
	static void stopNodes() {
		failClosed.close();
		failOpen.close();
		redis.stop();
	}

	@BeforeEach
	void warmUp() {
		// Connections are up and the claim script loaded, so that the claim below is one EVALSHA on the wire.
		for (ConfigurableApplicationContext node : List.of(failClosed, failOpen)) {
			assertThat(order(node, UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
		}
		IdempotencyTestEndpoints.Endpoints.created.set(0);
	}

	@Test
	void claimThatTimedOutWhileRedisRanItIsReleasedSoThatTheRetryRunsOnce() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = whileRedisIsFrozen(() -> order(failClosed, key));
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.body()).contains("\"code\":\"service_unavailable\"");
		assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
		// Redis runs the claim it had been sent, then the release sent after it on the same connection.
		awaitReleaseInDoubt(failClosed);
		HttpResponse<String> retry = order(failClosed, key);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		HttpResponse<String> replay = order(failClosed, key);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(retry.body());
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void whenFailingOpenTheRequestRunsUnprotectedAndLeavesNoClaimBehind() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = whileRedisIsFrozen(() -> order(failOpen, key));
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		awaitReleaseInDoubt(failOpen);
		// Unprotected means what it says: the key was never the request's, so a retry runs (and is protected).
		HttpResponse<String> retry = order(failOpen, key);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(2);
		assertThat(order(failOpen, key).headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	/**
	 * Sends a request while Redis is frozen, and lets Redis run again once it is answered, which it is only
	 * after the claim timed out (or, failing open, after the handler ran past the timed-out claim).
	 */
	private static HttpResponse<String> whileRedisIsFrozen(Supplier<HttpResponse<String>> request) {
		redis.pause();
		try {
			return request.get();
		}
		finally {
			redis.resume();
		}
	}

	private static void awaitReleaseInDoubt(ConfigurableApplicationContext node) throws InterruptedException {
		assertThat(node.getBean(Releases.class).succeeded.await(120, TimeUnit.SECONDS))
			.as("the claim in doubt was released")
			.isTrue();
	}

	private static HttpResponse<String> order(ConfigurableApplicationContext node, String key) {
		int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
		return new IdempotencyHttp(port).post("/orders").key(key).json("{\"item\":\"book\"}").send();
	}

	/**
	 * Counts down when a release reaches the store and comes back: only the release of the claim in doubt
	 * does here, as every request of this test completes.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Releases {

		final CountDownLatch succeeded = new CountDownLatch(1);

		@Bean
		IdempotencyListener releaseListener() {
			return new IdempotencyListener() {

				@Override
				public void storeCalled(String operation, Duration duration, boolean failed) {
					if (operation.equals("release") && !failed) {
						Releases.this.succeeded.countDown();
					}
				}

			};
		}

	}

}
