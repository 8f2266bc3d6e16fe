package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;

import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.idempotency.web.StoredRecords;
import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactional idempotency ({@code @Idempotent(transactional = true)}) against a real application whose
 * {@code @Transactional} service writes to the same database as the JDBC store: the stored response exists iff
 * the business write committed, a rollback leaves the key free, and a claim whose node died mid-transaction is
 * run by its retry once its lease is over, never answered "outcome unknown".
 */
abstract class AbstractIdempotencyJdbcTransactionalWebTests {

	/** Long enough that no renewal happens during a test: the test's clock alone moves leases. */
	private static final Duration LEASE = Duration.ofHours(1);

	/** A hang detector, not a speed bound. */
	private static final long PATIENCE_SECONDS = 120;

	private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

	private ConfigurableApplicationContext node;

	private IdempotencyHttp http;

	private JdbcClient jdbc;

	private String key;

	/**
	 * The connection properties of the database.
	 * @return e.g. {@code spring.datasource.url=...}
	 */
	protected abstract List<String> databaseProperties();

	@BeforeEach
	void startNode() {
		List<String> properties = new ArrayList<>(databaseProperties());
		properties.addAll(List.of("server.port=0", "spring.main.banner-mode=off", "apiguard.idempotency.store=jdbc",
				"apiguard.idempotency.jdbc.time=application", "apiguard.idempotency.jdbc.initialize-schema=always",
				"apiguard.idempotency.jdbc.table-name=idem_tx_" + suffix(), "apiguard.idempotency.lease=" + LEASE));
		this.node = new SpringApplicationBuilder(TestApplication.class, TransactionalEndpoints.class)
			.properties(properties.toArray(String[]::new))
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", this.clock))
			.run();
		this.http = new IdempotencyHttp(Integer.parseInt(this.node.getEnvironment().getProperty("local.server.port")));
		this.jdbc = JdbcClient.create(this.node.getBean(DataSource.class));
		TransactionalEndpoints.table = "tx_builds_" + suffix();
		this.jdbc.sql("CREATE TABLE " + TransactionalEndpoints.table + " (name VARCHAR(255) NOT NULL)").update();
		this.key = UUID.randomUUID().toString();
	}

	@AfterEach
	void stopNode() {
		TransactionalEndpoints.gate = null;
		TransactionalEndpoints.failBeforeCommit.set(0);
		TransactionalEndpoints.failAfterCommit.set(0);
		this.node.close();
	}

	@Test
	void rolledBackWriteLeavesNoRowAndTheKeyFreeAndTheRetryRunsOnce() {
		TransactionalEndpoints.failBeforeCommit.set(1);
		HttpResponse<String> failed = build("b1");
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(builds()).isZero();
		assertThat(records()).as("the key is free").isZero();
		HttpResponse<String> retry = build("b1");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		HttpResponse<String> replay = build("b1");
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(retry.body());
		assertThat(builds()).isOne();
	}

	@Test
	void committedWriteHasItsRowAndItsStoredResponseReplayed() {
		HttpResponse<String> first = build("b2");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(builds()).isOne();
		assertThat(this.jdbc.sql("SELECT state FROM " + table()).query(String.class).single()).isEqualTo("C");
		HttpResponse<String> replay = build("b2");
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(builds()).isOne();
	}

	@Test
	void claimOfANodeKilledMidTransactionIsRunByTheRetryAfterTheLeaseNotOutcomeUnknown() {
		String body = "{\"name\":\"b3\"}";
		// The killed node: its claim was committed, its transaction never was, and nothing completes it.
		IdempotencyStore store = this.node.getBean(IdempotencyStore.class);
		assertThat(store.claim(new IdempotencyClaim(recordKey(), fingerprint(body), "killed-node", LEASE,
				Duration.ofHours(24), true))
			.outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		HttpResponse<String> during = this.http.post("/tx/builds").key(this.key).json(body).send();
		assertThat(during.statusCode()).isEqualTo(409);
		assertThat(during.body()).contains("\"code\":\"idempotency_in_flight\"");
		this.clock.advance(LEASE.plusSeconds(1));
		HttpResponse<String> retry = this.http.post("/tx/builds").key(this.key).json(body).send();
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(builds()).isOne();
		assertThat(this.http.post("/tx/builds").key(this.key).json(body).send().headers()
			.firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(builds()).isOne();
	}

	@Test
	void requestWhoseLeaseRanOutMidTransactionIsRunOnceByItsRetryAndItsLateCommitRolledBack() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		TransactionalEndpoints.gate = gate;
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			// The first attempt claims the key transactionally, inserts its row and stalls before committing.
			Future<HttpResponse<String>> stalled = executor.submit(() -> build("b6"));
			awaitAtTheGate();
			this.clock.advance(LEASE.plusSeconds(1));
			TransactionalEndpoints.gate = null;
			HttpResponse<String> retry = build("b6");
			assertThat(retry.statusCode()).isEqualTo(201);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(builds()).isOne();
			// The stalled attempt resumes: its claim is lost, so its commit is refused and rolled back.
			gate.countDown();
			HttpResponse<String> late = stalled.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
			assertThat(late.statusCode()).isEqualTo(409);
			assertThat(late.body()).contains("\"code\":\"idempotency_in_flight\"");
			assertThat(builds()).isOne();
			HttpResponse<String> replay = build("b6");
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(replay.body()).isEqualTo(retry.body());
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void writeCommittedWithoutAStoredResponseIsNeverRunAgainAndAnswersResponseLostAfterTheLease() {
		TransactionalEndpoints.failAfterCommit.set(1);
		assertThat(build("b4").statusCode()).isEqualTo(500);
		assertThat(builds()).isOne();
		HttpResponse<String> during = build("b4");
		assertThat(during.statusCode()).isEqualTo(409);
		assertThat(during.body()).contains("\"code\":\"idempotency_in_flight\"");
		this.clock.advance(LEASE.plusSeconds(1));
		HttpResponse<String> after = build("b4");
		assertThat(after.statusCode()).isEqualTo(409);
		assertThat(after.body()).contains("\"code\":\"idempotency_response_lost\"");
		assertThat(builds()).isOne();
	}

	@Test
	void thirtyTwoConcurrentDuplicatesWriteExactlyOneRow() throws Exception {
		TransactionalEndpoints.gate = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(32);
		try {
			CompletionService<HttpResponse<String>> requests = new ExecutorCompletionService<>(executor);
			for (int i = 0; i < 32; i++) {
				requests.submit(() -> build("b5"));
			}
			// One request holds the key inside its transaction; every other one is answered while it waits.
			List<HttpResponse<String>> duplicates = new ArrayList<>();
			for (int i = 0; i < 31; i++) {
				duplicates.add(take(requests));
			}
			TransactionalEndpoints.gate.countDown();
			HttpResponse<String> first = take(requests);
			assertThat(duplicates).allSatisfy((response) -> {
				assertThat(response.statusCode()).isEqualTo(409);
				assertThat(response.body()).contains("\"code\":\"idempotency_in_flight\"");
			});
			assertThat(first.statusCode()).isEqualTo(201);
			assertThat(builds()).isOne();
			assertThat(build("b5").headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(builds()).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void awaitAtTheGate() throws InterruptedException {
		// A hang detector: the first attempt has claimed, inserted and waits inside its transaction.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
		while (TransactionalEndpoints.waiting.get() == 0) {
			assertThat(System.nanoTime()).as("the first attempt reaches its transaction").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static HttpResponse<String> take(CompletionService<HttpResponse<String>> requests) throws Exception {
		Future<HttpResponse<String>> done = requests.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
		assertThat(done).as("a response within the hang detector").isNotNull();
		return done.get();
	}

	private HttpResponse<String> build(String name) {
		return this.http.post("/tx/builds").key(this.key).json("{\"name\":\"" + name + "\"}").send();
	}

	private String recordKey() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/tx/builds");
		request.setRemoteAddr("127.0.0.1");
		return StoredRecords.recordKey(this.node.getBean(ClientKeyResolver.class).resolve(request).value(), this.key);
	}

	private static String fingerprint(String body) {
		return StoredRecords.jsonFingerprint("POST", "/tx/builds", body);
	}

	private long builds() {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + TransactionalEndpoints.table).query(Long.class).single();
	}

	private long records() {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table()).query(Long.class).single();
	}

	private String table() {
		return this.node.getEnvironment().getProperty("apiguard.idempotency.jdbc.table-name");
	}

	private static String suffix() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

}
