package io.github.apiguard.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the breaker in front of the JDBC idempotency store counts: a database nobody can use, never one
 * request's rows or a statement that is wrong.
 */
class JdbcFailuresTests {

	@Test
	void connectionFailuresAndTimeoutsAreOutages() {
		assertThat(JdbcFailures.isOutage(new CannotGetJdbcConnectionException("pool", new SQLException("down"))))
			.isTrue();
		assertThat(JdbcFailures.isOutage(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(JdbcFailures.isOutage(new QueryTimeoutException("statement timeout"))).isTrue();
		assertThat(JdbcFailures.isOutage(new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException(
				"timed out", "08001", new SQLException("Connection refused", "08001"))))).isTrue();
		assertThat(JdbcFailures.isOutage(new UncategorizedSQLException("claim", "insert ...",
				new SQLException("connection lost", "08006")))).isTrue();
		assertThat(JdbcFailures.isOutage(new IllegalStateException(new ConnectException("refused")))).isTrue();
	}

	@Test
	void oneRequestsRowsAndWrongStatementsAreNot() {
		assertThat(JdbcFailures.isOutage(new BadSqlGrammarException("claim", "insert into missing",
				new SQLException("table not found", "42P01")))).isFalse();
		assertThat(JdbcFailures.isOutage(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(JdbcFailures.isOutage(new CannotAcquireLockException("lock timeout"))).isFalse();
		assertThat(JdbcFailures.isOutage(new PessimisticLockingFailureException("deadlock"))).isFalse();
		assertThat(JdbcFailures.isOutage(new IllegalArgumentException("bad key"))).isFalse();
		// A pool whose connections are all in use (JdbcPoolTimeoutClassificationTests meets it for real).
		assertThat(JdbcFailures.isOutage(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("Connection is not available")))).isFalse();
	}

}
