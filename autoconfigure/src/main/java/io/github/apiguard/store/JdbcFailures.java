package io.github.apiguard.store;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database outage from a failure of one call, with the rules {@link RedisFailures} applies to Redis.
 * <p>
 * An outage is a failure any call would meet: no connection (Spring's
 * {@link DataAccessResourceFailureException}, which covers {@code CannotGetJdbcConnectionException}; a
 * transaction whose connection could not be opened, {@link CannotCreateTransactionException}; SQL state class
 * 08 and the JDBC driver's connection exceptions; a broken socket), a statement or pool timeout
 * ({@link QueryTimeoutException}, {@link SQLTimeoutException}), a resource the database cannot give right now
 * ({@link TransientDataAccessResourceException}) or a connection to recover
 * ({@link RecoverableDataAccessException}). Everything else is not: SQL grammar errors (a missing table is a
 * deployment mistake that a breaker would only hide), constraint violations, and lock conflicts and
 * deadlocks, which concern the rows of one request even though Spring counts them transient.
 * <p>
 * A pool that timed out because every connection was in use is not an outage either: the database is
 * healthy, the application is busy. HikariCP tells the two apart: when it cannot reach the database its
 * timeout ({@link SQLTransientConnectionException}, wrapped by Spring) carries the last connection failure as
 * its cause and SQL state, when its connections are merely all busy it carries neither. Such a call fails,
 * and a breaker neither opens nor closes on it.
 */
public final class JdbcFailures {

	private JdbcFailures() {
	}

	/**
	 * Whether a failure means that the database cannot serve anyone right now.
	 * @param failure what a call to the database threw
	 * @return whether it is an outage rather than a failure of this call's rows or statement
	 */
	public static boolean isOutage(Throwable failure) {
		if (isBusyPool(failure)) {
			return false;
		}
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof RecoverableDataAccessException) {
				return true;
			}
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException || cause instanceof SQLTimeoutException) {
				return true;
			}
			// Spring's transaction manager, when it cannot open the transaction's connection.
			if (cause instanceof CannotCreateTransactionException) {
				return true;
			}
			// SQL state class 08: connection exceptions, whatever the driver's exception type.
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause instanceof SocketException || cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a failure is a pool's timeout while all its connections were in use: a connection exception
	 * with neither a cause nor an SQL state, which is how HikariCP reports a wait for a busy pool (a pool that
	 * cannot connect reports the connection failure as both).
	 * @param failure what a call to the database threw
	 * @return whether the call waited out a busy pool
	 */
	public static boolean isBusyPool(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException connection) {
				return connection.getCause() == null && connection.getSQLState() == null;
			}
		}
		return false;
	}

}
