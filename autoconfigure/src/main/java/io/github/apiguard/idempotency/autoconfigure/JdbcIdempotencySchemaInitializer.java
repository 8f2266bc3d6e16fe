package io.github.apiguard.idempotency.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.Assert;

import io.github.apiguard.hash.Sha256;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;

/**
 * Creates the JDBC idempotency store's table from the shipped schema script, the way Spring Boot initialises
 * the tables of its own JDBC-backed features ({@code spring.session.jdbc.initialize-schema}): on embedded
 * databases by default, on every database with {@code apiguard.idempotency.jdbc.initialize-schema=always}. The
 * scripts name the default table; a configured table name replaces it. May be declared as a bean to override
 * the auto-configured one.
 * <p>
 * On PostgreSQL the scripts run on one connection holding a session-level advisory lock whose key is derived
 * from the table name, so that nodes starting together on an empty database create the table one after the
 * other: {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent creation there (the loser fails on
 * {@code pg_type_typname_nsp_index}). Other databases (H2) run the scripts as Spring Boot does. A failed script
 * fails start-up naming {@code apiguard.idempotency.jdbc.initialize-schema}.
 */
public class JdbcIdempotencySchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private static final String PROPERTY = "apiguard.idempotency.jdbc.initialize-schema";

	private final String tableName;

	private final DatabaseInitializationMode mode;

	/**
	 * Creates an initializer.
	 * @param dataSource the database
	 * @param settings the scripts (platform already resolved) and the mode
	 * @param tableName the table to create in place of the scripts' {@value JdbcIdempotencyStore#DEFAULT_TABLE_NAME}
	 */
	public JdbcIdempotencySchemaInitializer(DataSource dataSource, DatabaseInitializationSettings settings,
			String tableName) {
		super(dataSource, settings);
		Assert.isTrue(JdbcIdempotencyStore.isValidTableName(tableName), "'tableName' must be an SQL identifier");
		this.tableName = tableName;
		this.mode = settings.getMode();
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset charset = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			renamed.add(new ByteArrayResource(rename(read(script, charset)).getBytes(charset), script.getDescription()));
		}
		Scripts renamedScripts = new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(charset);
		try {
			if (!runLockedOnPostgresql(renamedScripts)) {
				super.runScripts(renamedScripts);
			}
		}
		catch (RuntimeException | SQLException ex) {
			// The database's own reason, not the statement: the cause (kept) names the statement.
			throw new IllegalStateException("Could not create the idempotency table '" + this.tableName + "' ("
					+ PROPERTY + "=" + String.valueOf(this.mode).toLowerCase(Locale.ROOT) + "): "
					+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage()
					+ ". Create the table with your migration tool (Flyway, Liquibase) from " + describe(scripts)
					+ " and set " + PROPERTY + "=never.", ex);
		}
	}

	/**
	 * Runs the scripts on PostgreSQL under the advisory lock; does nothing on another database.
	 * @return whether the database is PostgreSQL (and the scripts ran)
	 */
	private boolean runLockedOnPostgresql(Scripts scripts) throws SQLException {
		// A connection of our own, never one of a transaction in progress: the lock is the session's.
		try (Connection connection = getDataSource().getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName();
			if (product == null || !product.toLowerCase(Locale.ROOT).contains("postgresql")) {
				return false;
			}
			long key = lockKey(this.tableName);
			// Waits while another node creates the table; that node's commit comes before its unlock.
			call(connection, "SELECT pg_advisory_lock(?)", key);
			Throwable failure = null;
			try {
				populator(scripts).populate(connection);
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
			}
			catch (RuntimeException | SQLException | Error ex) {
				failure = ex;
				if (!connection.getAutoCommit()) {
					// An aborted transaction refuses every statement, the unlock too.
					connection.rollback();
				}
				throw ex;
			}
			finally {
				unlock(connection, key, failure);
			}
			return true;
		}
	}

	private ResourceDatabasePopulator populator(Scripts scripts) {
		// As Spring Boot's own runScripts builds it, so that separator, encoding and continue-on-error apply.
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
		populator.setContinueOnError(scripts.isContinueOnError());
		populator.setSeparator(scripts.getSeparator());
		if (scripts.getEncoding() != null) {
			populator.setSqlScriptEncoding(scripts.getEncoding().name());
		}
		for (Resource script : scripts) {
			populator.addScript(script);
		}
		customize(populator);
		return populator;
	}

	private static void unlock(Connection connection, long key, Throwable failure) throws SQLException {
		try {
			call(connection, "SELECT pg_advisory_unlock(?)", key);
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException | RuntimeException ex) {
			// Not swallowed: a failed start-up closes the pool and so the session, which frees the lock.
			if (failure == null) {
				throw ex;
			}
			failure.addSuppressed(ex);
		}
	}

	private static void call(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
			}
		}
	}

	/**
	 * The advisory lock's key: fixed for a table, so that every node creating it takes the same lock, and
	 * 64 bits of a hash, so that it is unlikely to meet another application's advisory locks.
	 */
	static long lockKey(String tableName) {
		// PostgreSQL folds unquoted identifiers to lower case: MY_IDEM and my_idem are one table.
		byte[] name = ("apiguard.idempotency.schema:" + tableName.toLowerCase(Locale.ROOT))
			.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.wrap(Sha256.newDigest().digest(name)).getLong();
	}

	private String rename(String script) {
		if (JdbcIdempotencyStore.DEFAULT_TABLE_NAME.equals(this.tableName)) {
			return script;
		}
		// An index lives in its table's schema and is named without it.
		String simpleName = this.tableName.substring(this.tableName.lastIndexOf('.') + 1);
		String index = JdbcIdempotencyStore.DEFAULT_TABLE_NAME + "_expires_at_idx";
		return script.replace(index, "\u0000")
			.replace(JdbcIdempotencyStore.DEFAULT_TABLE_NAME, this.tableName)
			.replace("\u0000", simpleName + "_expires_at_idx");
	}

	private static String describe(Scripts scripts) {
		List<String> descriptions = new ArrayList<>();
		for (Resource script : scripts) {
			descriptions.add(script.getDescription());
		}
		return String.join(", ", descriptions);
	}

	private static String read(Resource script, Charset charset) {
		try (InputStream input = script.getInputStream()) {
			return new String(input.readAllBytes(), charset);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + script.getDescription(), ex);
		}
	}

}
