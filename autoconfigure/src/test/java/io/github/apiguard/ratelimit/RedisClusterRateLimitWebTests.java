package io.github.apiguard.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.ratelimit.store.AbstractRateLimiterTests;
import io.github.apiguard.ratelimit.store.FailoverRateLimiter;
import io.github.apiguard.support.RedisClusterSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole applications configured with {@code spring.data.redis.cluster.nodes} against a real Redis Cluster of
 * three masters: two of them share one limit exactly, and many clients' keys spread over the masters.
 */
class RedisClusterRateLimitWebTests {

	/** The cluster is shared by the test JVM and never flushed: this class keys apart. */
	private static final String PREFIX = "rl-cluster-web-" + UUID.randomUUID();

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTwoApplications() {
		nodes.add(start());
		nodes.add(start());
	}

	@AfterAll
	static void close() {
		nodes.forEach(ConfigurableApplicationContext::close);
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TestApplication.class, Endpoints.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"spring.data.redis.cluster.nodes=" + RedisClusterSupport.shared().nodesProperty(),
					// Exact counts: a Redis timeout only an outage reaches, never a busy machine (the breaker would open).
					"spring.data.redis.timeout=30s", "apiguard.redis.key-prefix=" + PREFIX,
					"apiguard.rate-limit.store=redis", "apiguard.rate-limit.outage.policy=deny",
					"apiguard.rate-limit.policies.api.paths=/api/**",
					"apiguard.rate-limit.policies.api.limits.default[0].name=per-hour",
					"apiguard.rate-limit.policies.api.limits.default[0].limit=20",
					"apiguard.rate-limit.policies.api.limits.default[0].period=1h",
					"apiguard.rate-limit.policies.api.limits.default[1].name=daily",
					"apiguard.rate-limit.policies.api.limits.default[1].limit=1000",
					"apiguard.rate-limit.policies.api.limits.default[1].calendar=day")
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String apiKey) throws Exception {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ping"))
			.header("X-API-Key", apiKey)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void twoApplicationsSharingTheClusterAdmitExactlyTheLimitOfTenTimesAsManyConcurrentRequests() throws Exception {
		assertThat(nodes.get(0).getBean(RedisConnectionFactory.class)).isInstanceOfSatisfying(
				LettuceConnectionFactory.class, (factory) -> assertThat(factory.isClusterAware()).isTrue());
		AtomicInteger next = new AtomicInteger();
		long admitted = AbstractRateLimiterTests.concurrentlyAdmitted(200, () -> {
			ConfigurableApplicationContext node = nodes.get(next.getAndIncrement() % 2);
			int status = get(node, "sk_shared").statusCode();
			assertThat(status).isIn(200, 429);
			return status == 200;
		});
		assertThat(admitted).isEqualTo(20);
		for (ConfigurableApplicationContext node : nodes) {
			assertThat(node.getBean(FailoverRateLimiter.class).outageDecisions()).isZero();
		}
	}

	@Test
	void manyClientsKeysLandOnEveryMaster() throws Exception {
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> response = get(nodes.get(i % 2), "sk_client_" + i);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("19");
		}
		// Two limits per client, and the other test's client.
		Map<Integer, Long> keys = RedisClusterSupport.shared().keysPerMaster(PREFIX + ":rl:*");
		assertThat(keys.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(60L * 2);
		assertThat(keys.values()).as("keys per master").allSatisfy((count) -> assertThat(count).isPositive());
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

}
