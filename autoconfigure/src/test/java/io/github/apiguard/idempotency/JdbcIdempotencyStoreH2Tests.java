package io.github.apiguard.idempotency;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.apiguard.support.MutableClock;

/**
 * The conformance suite against the JDBC store on an in-memory H2 database (its own dialect: {@code MERGE}),
 * with the test's clock in place of the database's.
 */
class JdbcIdempotencyStoreH2Tests extends AbstractJdbcIdempotencyStoreTests {

	private static IdempotencyJdbc.Database database;

	@BeforeAll
	static void createDatabase() {
		database = IdempotencyJdbc.h2("conformance-" + UUID.randomUUID());
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
