package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts (two nodes) on random ports sharing one real {@code redis-server}: one handler
 * execution across nodes, replays on either node, outages, and the Redis commands each request costs. Node B
 * fails open, node A (the default) fails closed.
 */
class IdempotencyRedisWebTests {

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static LettuceConnectionFactory monitor;

	private IdempotencyHttp a;

	private IdempotencyHttp b;

	private String key;

	@BeforeAll
	static void startNodes() {
		int redisPort = RedisServerSupport.shared().port();
		nodeA = node(redisPort, "apiguard.idempotency.outage.policy=deny");
		nodeB = node(redisPort, "apiguard.idempotency.outage.policy=allow");
		monitor = IdempotencyRedis.connectionFactory();
	}

	private static ConfigurableApplicationContext node(int redisPort, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class, IdempotencyTestEndpoints.class)
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
					// Long enough that only the outage below reaches it (exactly-once is asserted across the nodes), short
					// enough that the outage's answers come back within the test's patience.
					"spring.data.redis.timeout=5s", "apiguard.idempotency.store=redis", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@AfterAll
	static void stopNodes() {
		nodeA.close();
		nodeB.close();
		monitor.destroy();
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
		RedisServerSupport.shared();
	}

	@Test
	void bothNodesUseTheRedisStore() {
		assertThat(nodeA.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
		assertThat(nodeB.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
	}

	@Test
	void responseOfOneNodeIsReplayedByTheOther() {
		HttpResponse<String> first = order(this.a);
		HttpResponse<String> replay = order(this.b);
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
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
	void storeOutageIs503WithRetryAfterWhenFailingClosedAndRunsUnprotectedWhenFailingOpen() {
		RedisServerSupport server = RedisServerSupport.shared();
		server.stop();
		try {
			// The store's failure is answered, not waited out: the request comes back with 503 (the client would
			// fail the test with a timeout of its own if it hung).
			HttpResponse<String> closed = order(this.a);
			assertThat(closed.statusCode()).isEqualTo(503);
			assertThat(closed.body()).contains("\"code\":\"service_unavailable\"");
			assertThat(closed.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(0);
			HttpResponse<String> open = order(this.b);
			assertThat(open.statusCode()).isEqualTo(201);
			assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		}
		finally {
			server.start();
		}
		// After the restart (empty script cache: EVALSHA falls back to EVAL once) the key works again, once
		// Lettuce has reconnected (its reconnect back-off is not ours to shorten).
		HttpResponse<String> recovered = order(this.a);
		// A hang detector, not a speed bound: Lettuce's back-off decides when it reconnects.
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (recovered.statusCode() == 503 && System.nanoTime() < deadline) {
			pause(Duration.ofMillis(100));
			recovered = order(this.a);
		}
		assertThat(recovered.statusCode()).isEqualTo(201);
		assertThat(order(this.a).headers().firstValue("Idempotent-Replayed")).hasValue("true");
		// The failing-open node's breaker opened too; its background release of the claim in doubt closes it
		// once the open duration has passed. Other tests on that node need their keys protected again.
		CircuitBreaker breakerB = nodeB.getBean("apiguardIdempotencyConfiguredStore", ConfiguredStore.class)
			.breaker();
		long closedBy = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (breakerB.isOpen() && System.nanoTime() < closedBy) {
			pause(Duration.ofMillis(100));
		}
		assertThat(breakerB.isOpen()).isFalse();
	}

	@Test
	void recordIsOneHashTaggedHashHoldingOnlyHashesAndExpiringWithItsTtl() {
		String key = "raw-key-" + UUID.randomUUID();
		this.a.post("/orders").key(key).json("{\"item\":\"book\"}").send();
		try (RedisConnection connection = monitor.getConnection()) {
			List<String> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions()
					.match("apiguard:idempotency:*")
					.count(1000)
					.build())) {
				cursor.forEachRemaining((raw) -> keys.add(new String(raw, StandardCharsets.UTF_8)));
			}
			assertThat(keys).isNotEmpty().allMatch((k) -> k.matches("apiguard:idempotency:\\{[A-Za-z0-9_-]{43}\\}"));
			assertThat(keys).noneMatch((k) -> k.contains(key));
			for (String k : keys) {
				byte[] raw = k.getBytes(StandardCharsets.UTF_8);
				Map<byte[], byte[]> fields = connection.hashCommands().hGetAll(raw);
				assertThat(fields.values()).noneMatch((v) -> new String(v, StandardCharsets.UTF_8).contains(key));
				Long ttl = connection.keyCommands().pTtl(raw);
				assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
			}
		}
	}

	@Test
	void newRequestCostsTwoRoundTripsAndAReplayOne() {
		int requests = 20;
		order(this.a);
		resetStats();
		for (int i = 0; i < requests; i++) {
			this.key = UUID.randomUUID().toString();
			order(this.a);
		}
		Map<String, Long> executed = commandCalls();
		resetStats();
		for (int i = 0; i < requests; i++) {
			order(this.a);
		}
		Map<String, Long> replayed = commandCalls();
		System.out.printf("Redis commands for %d new requests (claim + complete): %s%n", requests, executed);
		System.out.printf("Redis commands for %d replays (claim answers the replay): %s%n", requests, replayed);
		assertThat(executed.get("evalsha")).isEqualTo(2L * requests);
		assertThat(clientCommands(executed)).isEqualTo(2L * requests);
		assertThat(replayed.get("evalsha")).isEqualTo((long) requests);
		assertThat(clientCommands(replayed)).isEqualTo(requests);
	}

	private static long clientCommands(Map<String, Long> calls) {
		// What the application sends; commands run inside scripts (hmget, hset, ...) are counted apart by Redis.
		return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L) + calls.getOrDefault("get", 0L)
				+ calls.getOrDefault("set", 0L) + calls.getOrDefault("hgetall", 0L);
	}

	private static void resetStats() {
		try (RedisConnection connection = monitor.getConnection()) {
			connection.serverCommands().resetConfigStats();
		}
	}

	private static Map<String, Long> commandCalls() {
		try (RedisConnection connection = monitor.getConnection()) {
			Properties stats = connection.serverCommands().info("commandstats");
			Map<String, Long> calls = new TreeMap<>();
			stats.forEach((name, value) -> {
				String command = name.toString().replace("cmdstat_", "");
				if (command.equals("info") || command.equals("config|resetstat") || command.equals("config")) {
					return;
				}
				String text = value.toString();
				calls.put(command, Long.parseLong(text.substring(text.indexOf("calls=") + 6, text.indexOf(','))));
			});
			return calls;
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private HttpResponse<String> order(IdempotencyHttp node) {
		return node.post("/orders").key(this.key).json("{\"item\":\"book\"}").send();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
