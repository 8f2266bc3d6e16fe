package io.github.apiguard.sample.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.github.apiguard.sample.SampleApi;
import io.github.apiguard.support.PostgresServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node is killed with SIGKILL in the middle of a build's transaction, on PostgreSQL with the transactional
 * JDBC idempotency store (the sample's {@code postgres} profile). The build's row is inserted but not
 * committed ({@code sample.faults.build-write-hold} keeps the transaction open), so the database rolls it back
 * when the connection dies, and the record stays {@code W}: retries on the surviving node are "in flight"
 * while the dead node's lease runs, then the first retry after it takes the claim over and runs the write
 * once — 201, exactly one build row, never "outcome unknown".
 */
class PostgresNodeCrashTests {

	private static final String PATH = "/v1/builds";

	/** Short, so the test waits little; long enough that renewals (every third of it) keep it on a busy machine. */
	private static final String LEASE = "--apiguard.idempotency.lease=4s";

	/** Far longer than the test: the victim never commits on its own. */
	private static final String HOLD = "--sample.faults.build-write-hold=10m";

	/** The hang detector of every poll: generous, never a speed bound. */
	private static final Duration POLL_LIMIT = Duration.ofSeconds(120);

	static JdbcClient database;

	static SampleProcess victim;

	static SampleProcess survivor;

	@BeforeAll
	static void startTwoNodes() {
		// A database of its own: other tests of this JVM count rows of the server's default database.
		String url = PostgresServerSupport.shared().createDatabase("faults_node_crash");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "");
		// The tables first: two nodes running CREATE TABLE IF NOT EXISTS on an empty database at the same
		// moment may collide in PostgreSQL's catalog. On existing tables both scripts are no-ops.
		new ResourceDatabasePopulator(new ClassPathResource("schema.sql"),
				new ClassPathResource("io/github/apiguard/idempotency/store/jdbc/schema-postgresql.sql"))
			.execute(dataSource);
		database = JdbcClient.create(dataSource);
		String[] datasource = { "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=", LEASE };
		victim = SampleProcess.startWithoutRedis("pg-crash-victim", "seed-000,postgres,faults", with(datasource, HOLD));
		survivor = SampleProcess.startWithoutRedis("pg-crash-survivor", "seed-000,postgres,faults", datasource);
		SampleProcess.awaitAll(victim, survivor);
	}

	@AfterAll
	static void stop() {
		if (victim != null) {
			victim.stop();
		}
		if (survivor != null) {
			survivor.stop();
		}
	}

	@Test
	void aWriteKilledMidTransactionRollsBackAndItsRetryRunsOnceAfterTheLease() {
		FaultReport report = new FaultReport("node-crash-postgres");
		String key = "pg-crash-" + System.nanoTime();
		String json = "{\"name\":\"" + key + "\"}";
		CompletableFuture<Answer> original = CompletableFuture
			.supplyAsync(() -> victim.post(PATH, SampleApi.ADMIN, key, json));
		awaitInsertedButNotCommitted();
		assertThat(buildRows(key)).as("the victim's row is not committed").isZero();

		// While the victim holds its transaction (and renews its lease), a retry elsewhere is "in flight".
		Answer whileRunning = report.count("retry before kill", survivor.post(PATH, SampleApi.ADMIN, key, json));
		assertThat(whileRunning.outcome()).isEqualTo("409 idempotency_in_flight");
		assertThat(whileRunning.header("Retry-After")).isPresent();

		victim.kill();
		assertThat(original.join().status()).as("the killed node never answered").isNegative();

		// Bounded poll: "in flight" until the dead node's lease runs out, then the retry takes the claim over.
		List<String> afterKill = new ArrayList<>();
		Answer created = null;
		long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
		while (created == null && System.nanoTime() < deadline) {
			Answer retry = report.count("retry after kill", survivor.post(PATH, SampleApi.ADMIN, key, json));
			afterKill.add(retry.outcome());
			if (retry.status() == 201) {
				created = retry;
			}
			else if (retry.outcome().equals("409 idempotency_in_flight")) {
				SampleProcess.sleep(Duration.ofMillis(200));
			}
			else {
				break;
			}
		}
		// Once created, the same request is a replay of that answer, never a second build.
		Answer replay = report.count("retry after takeover", survivor.post(PATH, SampleApi.ADMIN, key, json));
		long rows = buildRows(key);
		List<String> records = database.sql("SELECT state FROM apiguard_idempotency").query(String.class).list();
		report.print("build rows=" + rows + ", duplicates=" + Math.max(0, rows - 1) + ", lost=" + ((rows == 0) ? 1 : 0));

		assertThat(afterKill).isNotEmpty().last().isEqualTo("201");
		assertThat(afterKill.subList(0, afterKill.size() - 1)).containsOnly("409 idempotency_in_flight");
		assertThat(created).isNotNull();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(rows).as("exactly one build row").isOne();
		assertThat(records).containsExactly("C");
		assertThat(victim.isAlive()).isFalse();
	}

	/**
	 * Polls PostgreSQL until the victim's backend sits in an open transaction whose last statement inserted the
	 * build: the write is held mid-transaction, deterministically.
	 */
	private static void awaitInsertedButNotCommitted() {
		long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			long open = database.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND state = 'idle in transaction' AND query LIKE 'INSERT INTO sample_build%'")
				.query(Long.class)
				.single();
			if (open > 0) {
				return;
			}
			SampleProcess.sleep(Duration.ofMillis(100));
		}
		throw new AssertionError("the victim never inserted the build:\n" + victim.logTail());
	}

	private static long buildRows(String name) {
		return database.sql("SELECT COUNT(*) FROM sample_build WHERE name = ?").param(name).query(Long.class).single();
	}

	private static String[] with(String[] arguments, String more) {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.add(more);
		return all.toArray(String[]::new);
	}

}
