package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts (two nodes, two connection pools) on random ports sharing one H2 database with
 * {@code apiguard.idempotency.store=jdbc}: replays byte for byte on either node, conflicts, and one handler
 * execution across nodes.
 */
class IdempotencyJdbcWebTests {

	private static final String DATABASE = "jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

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
			.properties("server.port=0", "spring.datasource.url=" + DATABASE, "spring.datasource.username=sa",
					"apiguard.idempotency.store=jdbc", "spring.main.banner-mode=off")
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
	void bothNodesUseTheJdbcStore() {
		assertThat(nodeA.getBean(IdempotencyStore.class)).isInstanceOf(JdbcIdempotencyStore.class);
		assertThat(nodeB.getBean(IdempotencyStore.class)).isInstanceOf(JdbcIdempotencyStore.class);
	}

	@Test
	void responseOfOneNodeIsReplayedByTheOtherByteForByte() {
		HttpResponse<String> first = order(this.a, "{\"item\":\"book\"}");
		HttpResponse<String> replay = order(this.b, "{\"item\":\"book\"}");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
		assertThat(replay.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void sameKeyWithADifferentBodyIs409IdempotencyConflictOnEitherNode() {
		order(this.a, "{\"item\":\"book\"}");
		HttpResponse<String> conflict = order(this.b, "{\"item\":\"pen\"}");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("\"code\":\"idempotency_conflict\"");
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
	}

	@Test
	void thirtyTwoConcurrentDuplicatesAcrossTwoNodesRunTheHandlerExactlyOnce() throws Exception {
		// Keeps the first request running while the duplicates arrive; the outcome does not depend on it.
		IdempotencyTestEndpoints.Endpoints.delayMillis = 1000;
		int[] next = { 0 };
		List<IdempotencyHttp> nodes = List.of(this.a, this.b);
		List<HttpResponse<String>> responses = IdempotencyWebTests.concurrently(32, () -> {
			IdempotencyHttp node;
			synchronized (next) {
				node = nodes.get(next[0]++ % 2);
			}
			return order(node, "{\"item\":\"book\"}");
		});
		assertThat(IdempotencyTestEndpoints.Endpoints.created).hasValue(1);
		IdempotencyWebTests.assertOneRanAndTheOthersWereReplayedOrInFlight(responses);
	}

	@Test
	void recordHoldsNeitherTheRawKeyNorTheRequestBody() {
		String rawKey = "raw-key-" + UUID.randomUUID();
		this.a.post("/orders").key(rawKey).json("{\"item\":\"secret-book\"}").send();
		List<String> keys = JdbcClient.create(nodeA.getBean(DataSource.class))
			.sql("SELECT record_key FROM apiguard_idempotency")
			.query(String.class)
			.list();
		assertThat(keys).isNotEmpty().allMatch((k) -> k.matches("[A-Za-z0-9_-]{43}"));
		assertThat(keys).noneMatch((k) -> k.contains(rawKey));
	}

	private HttpResponse<String> order(IdempotencyHttp node, String json) {
		return node.post("/orders").key(this.key).json(json).send();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
