package io.github.apiguard.idempotency;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.apiguard.support.MutableClock;
import io.github.apiguard.support.PostgresServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once under the transaction layouts real applications use, on a real PostgreSQL server: a
 * {@code NESTED} step (a savepoint, which is not a commit), a {@code REQUIRES_NEW} write after it, a filter that
 * runs the whole request in one transaction ahead of apiguard's, a handler that answers 201 for a transaction it
 * marked rollback-only, and a transactional endpoint whose writes auto-commit. No request may wait on a row lock
 * of the idempotency table: a test that sees one fails at once rather than waiting for a deadlock to show.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyTransactionLayoutsPostgresWebTests {

	/** Long enough that no renewal happens during a test: the test's clock alone moves leases. */
	private static final Duration LEASE = Duration.ofHours(1);

	/** A hang detector, not a speed bound. */
	private static final long PATIENCE_SECONDS = 120;

	private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private ConfigurableApplicationContext node;

	private IdempotencyHttp http;

	private JdbcClient jdbc;

	private String key;

	@BeforeEach
	void startNode() {
		String suffix = suffix();
		this.node = new SpringApplicationBuilder(TestApplication.class, TransactionLayoutEndpoints.class)
			.properties("spring.datasource.url=" + PostgresServerSupport.shared().jdbcUrl(),
					"spring.datasource.username=postgres", "spring.datasource.hikari.maximum-pool-size=20",
					"server.port=0", "spring.main.banner-mode=off", "apiguard.idempotency.store=jdbc",
					"apiguard.idempotency.jdbc.time=application", "apiguard.idempotency.jdbc.initialize-schema=always",
					"apiguard.idempotency.jdbc.table-name=idem_layout_" + suffix, "apiguard.idempotency.lease=" + LEASE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", this.clock))
			.run();
		this.http = new IdempotencyHttp(Integer.parseInt(this.node.getEnvironment().getProperty("local.server.port")));
		this.jdbc = JdbcClient.create(this.node.getBean(DataSource.class));
		TransactionLayoutEndpoints.table = "layout_builds_" + suffix;
		this.jdbc.sql("CREATE TABLE " + TransactionLayoutEndpoints.table
				+ " (name VARCHAR(255) NOT NULL, step VARCHAR(16) NOT NULL)").update();
		this.key = UUID.randomUUID().toString();
	}

	@AfterEach
	void stopNode() {
		CountDownLatch gate = TransactionLayoutEndpoints.gate;
		TransactionLayoutEndpoints.gate = null;
		if (gate != null) {
			gate.countDown();
		}
		TransactionLayoutEndpoints.rollBackAfterChain.set(0);
		this.executor.shutdownNow();
		this.node.close();
	}

	@Test
	void nestedStepNeitherMarksNorLocksTheRecordAndADuplicateIsAnsweredAtOnce() throws Exception {
		TransactionLayoutEndpoints.gate = new CountDownLatch(1);
		Future<HttpResponse<String>> first = this.executor.submit(() -> post("/layouts/nested", "n1"));
		awaitAtTheGate();
		// The nested step returned (its savepoint released) and the outer transaction still runs: nothing committed.
		try (Connection probe = dataSource().getConnection()) {
			probe.setAutoCommit(false);
			try (Statement statement = probe.createStatement();
					ResultSet record = statement.executeQuery("SELECT state FROM " + table() + " FOR UPDATE NOWAIT")) {
				assertThat(record.next()).isTrue();
				assertThat(record.getString("state")).as("a savepoint is not a commit").isEqualTo("W");
				// While the row is locked (as by a mark whose commit is on its way), a duplicate is answered at once.
				Future<HttpResponse<String>> duplicate = this.executor.submit(() -> post("/layouts/nested", "n1"));
				HttpResponse<String> inFlight = awaitWithoutLockWaits(duplicate);
				assertThat(inFlight.statusCode()).isEqualTo(409);
				assertThat(inFlight.body()).contains("\"code\":\"idempotency_in_flight\"");
			}
			finally {
				probe.rollback();
			}
		}
		TransactionLayoutEndpoints.gate.countDown();
		HttpResponse<String> created = awaitWithoutLockWaits(first);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(rows("n1")).isEqualTo(2);
		assertThat(state()).isEqualTo("C");
		HttpResponse<String> replay = post("/layouts/nested", "n1");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(rows("n1")).isEqualTo(2);
	}

	@Test
	void requiresNewWriteAfterANestedStepCompletesInsteadOfDeadlocking() throws Exception {
		Future<HttpResponse<String>> request = this.executor.submit(() -> post("/layouts/nested-then-requires-new", "n2"));
		HttpResponse<String> created = awaitWithoutLockWaits(request);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(rows("n2")).as("outer, nested and audit rows").isEqualTo(3);
		assertThat(state()).isEqualTo("C");
		HttpResponse<String> replay = awaitWithoutLockWaits(
				this.executor.submit(() -> post("/layouts/nested-then-requires-new", "n2")));
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(rows("n2")).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/layouts/wrapped", "/layouts/early-wrapped" })
	void transactionAroundTheWholeRequestKeepsTheWriteOfATransactionalEndpointAndReplaysIt(String prefix)
			throws Exception {
		String path = prefix + "/transactional";
		HttpResponse<String> created = awaitWithoutLockWaits(this.executor.submit(() -> post(path, "w1")));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(rows("w1")).as("the application's write committed").isOne();
		assertThat(state()).isEqualTo("C");
		HttpResponse<String> replay = post(path, "w1");
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(rows("w1")).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/layouts/wrapped", "/layouts/early-wrapped" })
	void outcomeOfAPlainEndpointIsStoredOnlyOnceTheWholeRequestsTransactionCommitted(String prefix)
			throws Exception {
		String path = prefix + "/plain";
		TransactionLayoutEndpoints.gate = new CountDownLatch(1);
		Future<HttpResponse<String>> first = this.executor.submit(() -> post(path, "w2"));
		awaitAtTheGate();
		TransactionLayoutEndpoints.gate.countDown();
		HttpResponse<String> created = awaitWithoutLockWaits(first);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(rows("w2")).isOne();
		assertThat(state()).isEqualTo("C");
		assertThat(post(path, "w2").headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(rows("w2")).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/layouts/wrapped/plain", "/layouts/early-wrapped/plain", "/layouts/wrapped/transactional",
			"/layouts/early-wrapped/transactional" })
	void wholeRequestTransactionRolledBackAfterTheHandlerAnsweredIsNeverReplayedAndItsRetryRuns(String path)
			throws Exception {
		TransactionLayoutEndpoints.rollBackAfterChain.set(1);
		awaitWithoutLockWaits(this.executor.submit(() -> post(path, "w3")));
		assertThat(rows("w3")).as("the application rolled its write back").isZero();
		assertThat(records()).as("the key is free again").isZero();
		HttpResponse<String> retry = post(path, "w3");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).as("run again, not replayed").isEmpty();
		assertThat(rows("w3")).isOne();
		HttpResponse<String> replay = post(path, "w3");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(rows("w3")).isOne();
	}

	@Test
	void handlerAnswering201ForATransactionItMarkedRollbackOnlyIsNeverReplayed(CapturedOutput output) {
		HttpResponse<String> first = post("/layouts/rollback-only", "r1");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(rows("r1")).isZero();
		assertThat(records()).as("nothing committed, so nothing is kept").isZero();
		HttpResponse<String> retry = post("/layouts/rollback-only", "r1");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(output.getOut()).containsOnlyOnce("answered 201 though its transaction rolled back");
	}

	@Test
	void transactionalEndpointWhoseWritesAutoCommitIsNeverRunTwiceAfterALeaseRanOut(CapturedOutput output)
			throws Exception {
		// The first request shows that the endpoint commits nothing in a transaction on the store's database.
		assertThat(post("/layouts/auto-commit", "a0").statusCode()).isEqualTo(201);
		assertThat(output.getOut()).containsOnlyOnce("no transaction on the idempotency store's DataSource");
		this.key = UUID.randomUUID().toString();
		TransactionLayoutEndpoints.gate = new CountDownLatch(1);
		Future<HttpResponse<String>> stalled = this.executor.submit(() -> post("/layouts/auto-commit", "a1"));
		awaitAtTheGate();
		this.clock.advance(LEASE.plusSeconds(1));
		HttpResponse<String> retry = post("/layouts/auto-commit", "a1");
		assertThat(retry.statusCode()).isEqualTo(409);
		assertThat(retry.body()).contains("\"code\":\"idempotency_outcome_unknown\"");
		TransactionLayoutEndpoints.gate.countDown();
		awaitWithoutLockWaits(stalled);
		assertThat(rows("a1")).as("run once").isOne();
		assertThat(output.getOut()).containsOnlyOnce("no transaction on the idempotency store's DataSource");
	}

	private HttpResponse<String> post(String path, String name) {
		return this.http.post(path).key(this.key).json("{\"name\":\"" + name + "\"}").send();
	}

	private <T> T awaitWithoutLockWaits(Future<T> future) throws InterruptedException, ExecutionException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
		while (true) {
			try {
				return future.get(20, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				assertThat(lockWaits()).as("requests waiting on a lock of the idempotency table").isZero();
				assertThat(System.nanoTime()).as("an answer within the hang detector").isLessThan(deadline);
			}
		}
	}

	private long lockWaits() {
		return this.jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?")
			.param("%" + table() + "%")
			.query(Long.class)
			.single();
	}

	private static void awaitAtTheGate() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
		while (TransactionLayoutEndpoints.waiting.get() == 0) {
			assertThat(System.nanoTime()).as("the request reaches its pause point").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private DataSource dataSource() {
		return this.node.getBean(DataSource.class);
	}

	private long rows(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + TransactionLayoutEndpoints.table + " WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single();
	}

	private long records() {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table()).query(Long.class).single();
	}

	private String state() {
		List<String> states = this.jdbc.sql("SELECT state FROM " + table()).query(String.class).list();
		assertThat(states).hasSize(1);
		return states.get(0);
	}

	private String table() {
		return this.node.getEnvironment().getProperty("apiguard.idempotency.jdbc.table-name");
	}

	private static String suffix() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

}
