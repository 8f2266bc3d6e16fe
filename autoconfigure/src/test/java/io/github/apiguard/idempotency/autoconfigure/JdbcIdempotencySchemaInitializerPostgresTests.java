package io.github.apiguard.idempotency.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.apiguard.support.PostgresServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The initializer on PostgreSQL, with auto-commit on and off: the table is committed, the advisory lock is never
 * left held on a pooled connection (also when a script fails), and a failed script fails start-up saying what to
 * do.
 */
class JdbcIdempotencySchemaInitializerPostgresTests {

	private static final AtomicInteger databases = new AtomicInteger();

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void createsTheTableAndFreesTheLock(boolean autoCommit) {
		String url = PostgresServerSupport.shared().createDatabase("schema_init_" + databases.incrementAndGet());
		try (HikariDataSource node = pool(url, autoCommit); HikariDataSource other = pool(url, true)) {
			new JdbcIdempotencySchemaInitializer(node, JdbcIdempotencySchemaInitializerConcurrencyPostgresTests.always(),
					"my_idem")
				.initializeDatabase();
			JdbcClient jdbc = JdbcClient.create(other);
			// Seen from another session: committed.
			assertThat(jdbc.sql("SELECT COUNT(*) FROM my_idem").query(Long.class).single()).isZero();
			assertThat(JdbcIdempotencySchemaInitializerConcurrencyPostgresTests.advisoryLocksHeld(jdbc)).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aFailedScriptFailsNamingThePropertyAndFreesTheLock(boolean autoCommit) {
		String url = PostgresServerSupport.shared().createDatabase("schema_init_" + databases.incrementAndGet());
		try (HikariDataSource node = pool(url, autoCommit); HikariDataSource other = pool(url, true)) {
			JdbcIdempotencySchemaInitializer initializer = new JdbcIdempotencySchemaInitializer(node,
					JdbcIdempotencySchemaInitializerConcurrencyPostgresTests.always(), "missing_schema.idem");
			assertThatIllegalStateException().isThrownBy(initializer::initializeDatabase)
				.withMessageContaining("Could not create the idempotency table 'missing_schema.idem' "
						+ "(apiguard.idempotency.jdbc.initialize-schema=always)")
				.withMessageContaining("schema \"missing_schema\" does not exist")
				.withMessageContaining("migration tool (Flyway, Liquibase) from class path resource "
						+ "[io/github/apiguard/idempotency/store/jdbc/schema-postgresql.sql]")
				.withMessageEndingWith("set apiguard.idempotency.jdbc.initialize-schema=never.");
			assertThat(JdbcIdempotencySchemaInitializerConcurrencyPostgresTests.advisoryLocksHeld(JdbcClient.create(other)))
				.isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "my_idem", "MY_IDEM" })
	void theLockIsTheTablesWhateverTheCaseOfItsName(String table) {
		assertThat(JdbcIdempotencySchemaInitializer.lockKey(table))
			.isEqualTo(JdbcIdempotencySchemaInitializer.lockKey("my_idem"))
			.isNotEqualTo(JdbcIdempotencySchemaInitializer.lockKey("apiguard_idempotency"));
	}

	private static HikariDataSource pool(String url, boolean autoCommit) {
		return JdbcIdempotencySchemaInitializerConcurrencyPostgresTests.pool(url, autoCommit);
	}

}
