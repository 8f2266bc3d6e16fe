package io.github.apiguard.idempotency;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against the JDBC store on a real PostgreSQL server ({@code INSERT ... ON CONFLICT}),
 * with the test's clock in place of the database's.
 */
class JdbcIdempotencyStorePostgresTests extends AbstractJdbcIdempotencyStoreTests {

	private static IdempotencyJdbc.Database database;

	@BeforeAll
	static void createDatabase() {
		database = IdempotencyJdbc.postgres();
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@Override
	protected IdempotencyJdbc.Database database() {
		return database;
	}

}
