package io.github.apiguard.idempotency.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.apiguard.support.PostgresServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes that start together on an empty PostgreSQL database with {@code initialize-schema=always} all start:
 * {@code CREATE TABLE IF NOT EXISTS} alone is not safe against a concurrent creation (the loser fails on
 * {@code pg_type_typname_nsp_index}), so each node is a pool and an initializer of its own, and all of them
 * are released together just before their scripts run.
 */
class JdbcIdempotencySchemaInitializerConcurrencyPostgresTests {

	private static final int NODES = 8;

	// The race is lost by chance: a round may pass on unprotected code, five in a row practically never do.
	private static final int ROUNDS = 5;

	// A hang detector, not a speed bound.
	private static final Duration HANG_DETECTOR = Duration.ofSeconds(120);

	private static final AtomicInteger databases = new AtomicInteger();

	@ParameterizedTest
	@ValueSource(strings = { "apiguard_idempotency", "orders_idem" })
	void nodesStartingTogetherAllCreateTheTable(String table) throws Exception {
		for (int round = 1; round <= ROUNDS; round++) {
			String url = PostgresServerSupport.shared()
				.createDatabase("schema_race_" + databases.incrementAndGet());
			List<HikariDataSource> nodes = new ArrayList<>();
			ExecutorService threads = Executors.newFixedThreadPool(NODES);
			try {
				CyclicBarrier together = new CyclicBarrier(NODES);
				List<Future<?>> starts = new ArrayList<>();
				for (int node = 0; node < NODES; node++) {
					HikariDataSource pool = pool(url);
					nodes.add(pool);
					JdbcIdempotencySchemaInitializer initializer = new BarrierInitializer(pool, table, together);
					starts.add(threads.submit(initializer::initializeDatabase));
				}
				List<String> failures = new ArrayList<>();
				for (Future<?> start : starts) {
					try {
						start.get(HANG_DETECTOR.toSeconds(), TimeUnit.SECONDS);
					}
					catch (ExecutionException ex) {
						failures.add(NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
					}
				}
				assertThat(failures).as("round %d: the nodes that failed to start (of %d)", round, NODES).isEmpty();
				JdbcClient jdbc = JdbcClient.create(nodes.get(0));
				assertThat(jdbc.sql("SELECT COUNT(*) FROM pg_tables WHERE tablename = ?").param(table)
					.query(Long.class)
					.single()).isOne();
				assertThat(jdbc.sql("SELECT COUNT(*) FROM pg_indexes WHERE tablename = ? AND indexname = ?")
					.params(table, table + "_expires_at_idx")
					.query(Long.class)
					.single()).isOne();
				assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).isZero();
				assertThat(advisoryLocksHeld(jdbc)).as("advisory locks left held on pooled connections").isZero();
			}
			finally {
				threads.shutdownNow();
				nodes.forEach(HikariDataSource::close);
			}
		}
	}

	static long advisoryLocksHeld(JdbcClient jdbc) {
		return jdbc.sql("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
				+ "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
			.query(Long.class)
			.single();
	}

	static DatabaseInitializationSettings always() {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of("classpath:io/github/apiguard/idempotency/store/jdbc/schema-postgresql.sql"));
		settings.setMode(DatabaseInitializationMode.ALWAYS);
		return settings;
	}

	static HikariDataSource pool(String url) {
		return pool(url, true);
	}

	static HikariDataSource pool(String url, boolean autoCommit) {
		HikariConfig config = new HikariConfig();
		config.setAutoCommit(autoCommit);
		config.setJdbcUrl(url);
		config.setUsername("postgres");
		config.setMaximumPoolSize(2);
		config.setConnectionTimeout(HANG_DETECTOR.toMillis());
		return new HikariDataSource(config);
	}

	/**
	 * An initializer that waits for the other nodes just before its scripts run, where the unprotected race is
	 * widest (the resolution of the scripts and the embedded-database check come before).
	 */
	private static final class BarrierInitializer extends JdbcIdempotencySchemaInitializer {

		private final CyclicBarrier together;

		BarrierInitializer(DataSource dataSource, String table, CyclicBarrier together) {
			super(dataSource, always(), table);
			this.together = together;
		}

		@Override
		protected void runScripts(Scripts scripts) {
			try {
				this.together.await(HANG_DETECTOR.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("The nodes were not released together", ex);
			}
			super.runScripts(scripts);
		}

	}

}
