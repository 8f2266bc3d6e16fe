package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.support.RedisClusterSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts (two nodes) configured with {@code spring.data.redis.cluster.nodes}, sharing a real
 * Redis Cluster of three masters: a retry on either node replays, concurrent duplicates run the handler once,
 * and records spread over the masters.
 */
class IdempotencyRedisClusterWebTests {

	private static final String PREFIX = "idempotency-cluster-web-" + UUID.randomUUID();

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private IdempotencyHttp a;

	private IdempotencyHttp b;

	private String key;

	@BeforeAll
	static void startNodes() {
		nodeA = node();
		nodeB = node();
	}

	private static ConfigurableApplicationContext node() {
		return new SpringApplicationBuilder(TestApplication.class, IdempotencyTestEndpoints.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"spring.data.redis.cluster.nodes=" + RedisClusterSupport.shared().nodesProperty(),
					// Exactly-once is asserted: a timeout only an outage reaches.
					"spring.data.redis.timeout=30s", "apiguard.idempotency.store=redis",
					"apiguard.redis.key-prefix=" + PREFIX)
			.run();
	}

	@AfterAll
	static void stopNodes() {
		nodeA.close();
		nodeB.close();
	}

	@BeforeEach
	void setUp() {
		this.a = new IdempotencyHttp(port(nodeA));
		this.b = new IdempotencyHttp(port(nodeB));
		this.key = UUID.randomUUID().toString();
		IdempotencyTestEndpoints.Endpoints.created.set(0);
	}

	@AfterEach
	void tearDown() {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 0;
	}

	@Test
	void aRetryOnTheOtherNodeIsReplayed() {
		assertThat(nodeA.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
		HttpResponse<String> first = order(this.a);
		HttpResponse<String> retry = order(this.b);
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void thirtyTwoConcurrentDuplicatesAcrossTwoNodesRunTheHandlerExactlyOnce() throws Exception {
		IdempotencyTestEndpoints.Endpoints.delayMillis = 1000;
		int[] next = { 0 };
		List<IdempotencyHttp> nodes = List.of(this.a, this.b);
		List<HttpResponse<String>> responses = IdempotencyWebTests.concurrently(32, () -> {
			IdempotencyHttp node;
			synchronized (next) {
				node = nodes.get(next[0]++ % 2);
			}
			return order(node);
		});
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		IdempotencyWebTests.assertOneRanAndTheOthersWereReplayedOrInFlight(responses);
	}

	@Test
	void recordsOfManyRequestsLandOnEveryMaster() {
		for (int i = 0; i < 60; i++) {
			this.key = UUID.randomUUID().toString();
			assertThat(order((i % 2 == 0) ? this.a : this.b).statusCode()).isEqualTo(201);
		}
		Map<Integer, Long> records = RedisClusterSupport.shared().keysPerMaster(PREFIX + ":idempotency:*");
		assertThat(records.values()).as("records per master").allSatisfy((count) -> assertThat(count).isPositive());
	}

	private HttpResponse<String> order(IdempotencyHttp node) {
		return node.post("/orders").key(this.key).json("{\"item\":\"book\"}").send();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
