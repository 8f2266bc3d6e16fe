package io.github.apiguard.idempotency.store;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;

/**
 * An {@link IdempotencyStore} in a table of the application's own database, through Spring's
 * {@link JdbcClient}, shared by every node that uses the database. One row per record; the schema ships as
 * {@code io/github/apiguard/idempotency/store/jdbc/schema-<platform>.sql} (PostgreSQL and H2).
 * <ul>
 * <li>claim: first one {@code SELECT} of the record, outside any transaction and without a lock, which answers
 * a replay, a mismatch, a duplicate in flight, "outcome unknown" or "response lost" in one round trip and never
 * waits for a row lock; only when the key is free (or expired, or a transactional claim whose lease ran out) one
 * atomic statement inserts the record or takes the old one over — {@code INSERT ... ON CONFLICT DO UPDATE ...
 * WHERE expired} on PostgreSQL, {@code MERGE} on H2 — so a duplicate key never raises an error that would abort a
 * PostgreSQL transaction. When that statement claimed nothing (another claim came between), the record is read
 * again;</li>
 * <li>renew, complete and release: one {@code UPDATE} or {@code DELETE} guarded by the owner token (fencing)
 * and the in-flight state;</li>
 * <li>{@link #purgeExpired(int)}: deletes a bounded batch of expired rows, using the index on
 * {@code expires_at}, and re-checks expiry on each row it deletes, so that a record claimed again meanwhile is
 * never taken.</li>
 * </ul>
 * Each write runs in a short transaction of its own ({@code REQUIRES_NEW}), and the read outside any
 * ({@code NOT_SUPPORTED}), never in a transaction the calling thread may have open: a claim commits at once,
 * whatever the handler's transaction does later.
 * Leases and expiry are milliseconds since the epoch, compared in the statements with the database's clock
 * (one clock for every node), or with the application's {@link Clock} when one is given (tests).
 * <p>
 * A record's {@code state}: {@code P} in flight, {@code C} completed, and for
 * {@linkplain IdempotencyClaim#transactional() transactional} claims {@code W} in flight with no work
 * committed and {@code T} work committed, response pending. {@code T} is written by {@link #markCommitted}
 * inside the handler's own transaction, so it exists iff the business write committed: a {@code W} whose lease
 * ran out therefore committed nothing, and a retry with the same fingerprint takes it over in the claim
 * statement instead of answering "outcome unknown"; a {@code T} is never released nor taken over.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

	/** The default table name. */
	public static final String DEFAULT_TABLE_NAME = "apiguard_idempotency";

	private static final Pattern TABLE_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

	private static final String IN_FLIGHT = "P";

	private static final String COMPLETED = "C";

	/** A transactional claim in flight whose work has not committed: taken over by a retry after its lease. */
	private static final String TRANSACTIONAL_IN_FLIGHT = "W";

	/** A transactional claim whose work committed (marked in its own transaction), its response pending. */
	private static final String WORK_COMMITTED = "T";

	/** Attempts of a claim whose record vanished or expired between its two statements. */
	private static final int MAX_CLAIM_ATTEMPTS = 16;

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final TransactionTemplate withoutTransaction;

	private final @Nullable Clock clock;

	private final String claimSql;

	private final String readSql;

	private final String renewSql;

	private final String completeSql;

	private final String releaseSql;

	private final String purgeSql;

	private final String markCommittedSql;

	/**
	 * Creates a store.
	 * @param dataSource the application's data source
	 * @param tableName the table, created by the shipped schema script (optionally qualified by its schema)
	 * @param dialect the database's dialect, see {@link Dialect#of(DataSource)}
	 * @param clock the clock the statements compare against, or {@code null} for the database's clock
	 */
	public JdbcIdempotencyStore(DataSource dataSource, String tableName, Dialect dialect, @Nullable Clock clock) {
		Assert.isTrue(isValidTableName(tableName), () -> "'tableName' must be an SQL identifier, but was '" + tableName + "'");
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		// Suspends a transaction the calling thread has open on the database, so that reads never join it.
		this.withoutTransaction = new TransactionTemplate(transactionManager);
		this.withoutTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		this.clock = clock;
		String now = (clock != null) ? ":now" : dialect.now;
		this.claimSql = sql(dialect.claim, tableName, now);
		this.readSql = sql("SELECT fingerprint, state, lease_until, expires_at, status, headers, body, body_omitted, "
				+ "${now} AS now_millis FROM ${table} WHERE record_key = :key", tableName, now);
		this.renewSql = sql("UPDATE ${table} SET lease_until = ${now} + :lease, "
				+ "expires_at = GREATEST(expires_at, ${now} + GREATEST(ttl_millis, :lease)) "
				+ "WHERE record_key = :key AND owner_token = :owner AND state IN ('P', 'W', 'T')", tableName, now);
		this.completeSql = sql("UPDATE ${table} SET state = 'C', status = :status, headers = :headers, body = :body, "
				+ "body_omitted = :bodyOmitted, expires_at = ${now} + :ttl "
				+ "WHERE record_key = :key AND owner_token = :owner AND state IN ('P', 'W', 'T')", tableName, now);
		// Committed work ('T') is never released: a retry must not run it again.
		this.releaseSql = sql("DELETE FROM ${table} WHERE record_key = :key AND owner_token = :owner "
				+ "AND state IN ('P', 'W')", tableName, now);
		// A record its own owner already completed ('C') counts as marked and stays completed: the mark must never
		// roll back the work of the request whose response is stored.
		this.markCommittedSql = sql("UPDATE ${table} SET state = CASE WHEN state = 'C' THEN 'C' ELSE 'T' END "
				+ "WHERE record_key = :key AND owner_token = :owner AND state IN ('W', 'T', 'C')", tableName, now);
		// The outer "expires_at <=" is re-checked by the database on the row version it deletes: a row the
		// subquery saw expired but that a claim took over meanwhile is left alone.
		this.purgeSql = sql("DELETE FROM ${table} WHERE expires_at <= ${now} AND record_key IN (SELECT record_key FROM "
				+ "${table} WHERE expires_at <= ${now} ORDER BY expires_at " + dialect.limit + ")", tableName, now);
	}

	/**
	 * Whether a table name is one the store accepts: an SQL identifier, optionally qualified by its schema.
	 * @param tableName the name
	 * @return whether it is valid
	 */
	public static boolean isValidTableName(String tableName) {
		return TABLE_NAME.matcher(tableName).matches();
	}

	@Override
	public ClaimResult claim(IdempotencyClaim claim) {
		for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
			// Read first, outside any transaction: a replay, a mismatch or a duplicate in flight is answered by one
			// plain SELECT, which takes no lock and so never waits for one (not even for the row lock of a "work
			// committed" mark whose transaction is committing). Only a key that is free, expired or a transactional
			// claim whose lease ran out goes on to the claim statement.
			ClaimResult known = this.withoutTransaction.execute((status) -> read(claim));
			if (known != null) {
				return known;
			}
			Boolean claimed;
			try {
				claimed = this.ownTransaction.execute((status) -> claimStatement(claim) > 0);
			}
			catch (DuplicateKeyException ex) {
				// H2 only: two MERGEs inserted the same new key at once, and this one lost. Nothing was written
				// and no PostgreSQL transaction is involved; the next read finds the winner's record.
				continue;
			}
			if (Boolean.TRUE.equals(claimed)) {
				return ClaimResult.claimed();
			}
			// Another claim got there between the read and the statement: read what it made.
		}
		throw new IllegalStateException("The idempotency record of key " + claim.key() + " changed under "
				+ MAX_CLAIM_ATTEMPTS + " claims in a row");
	}

	private int claimStatement(IdempotencyClaim claim) {
		return this.jdbc.sql(this.claimSql)
			.param("key", claim.key())
			.param("fingerprint", claim.fingerprint())
			.param("owner", claim.owner())
			.param("state", claim.transactional() ? TRANSACTIONAL_IN_FLIGHT : IN_FLIGHT)
			.param("lease", millis(claim.lease()))
			.param("ttl", millis(claim.ttl()))
			.param("now", now())
			.update();
	}

	/**
	 * What the record of a claim's key answers, or {@code null} when the key can be claimed: there is no record,
	 * it expired, or it is a transactional claim of the same request whose lease ran out (nothing committed).
	 */
	private @Nullable ClaimResult read(IdempotencyClaim claim) {
		// JdbcClient wants a result from an extractor: none (claimable) is an empty Optional.
		return this.jdbc.sql(this.readSql).param("key", claim.key()).param("now", now()).query((rs) -> {
			if (!rs.next()) {
				return Optional.<ClaimResult>empty();
			}
			long readAt = rs.getLong("now_millis");
			if (rs.getLong("expires_at") <= readAt) {
				return Optional.<ClaimResult>empty();
			}
			if (!claim.fingerprint().equals(rs.getString("fingerprint"))) {
				return Optional.of(ClaimResult.mismatch());
			}
			if (COMPLETED.equals(rs.getString("state"))) {
				byte[] body = rs.getBytes("body");
				String headers = rs.getString("headers");
				return Optional.of(ClaimResult.replay(new StoredResponse(rs.getInt("status"),
						StoredHeaders.decode((headers != null) ? headers : ""), (body != null) ? body : new byte[0],
						rs.getBoolean("body_omitted"))));
			}
			long left = rs.getLong("lease_until") - readAt;
			if (left > 0) {
				return Optional.of(ClaimResult.inFlight(Duration.ofMillis(left)));
			}
			String state = rs.getString("state");
			if (WORK_COMMITTED.equals(state)) {
				return Optional.of(ClaimResult.responseLost());
			}
			// A transactional claim whose lease ran out committed nothing: the claim statement takes it over.
			return TRANSACTIONAL_IN_FLIGHT.equals(state) ? Optional.<ClaimResult>empty()
					: Optional.of(ClaimResult.outcomeUnknown());
		}).orElse(null);
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		return updated(this.jdbc.sql(this.renewSql)
			.param("key", key)
			.param("owner", owner)
			.param("lease", millis(lease))
			.param("now", now()));
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration ttl) {
		return updated(completion(key, owner, response, ttl));
	}

	@Override
	public boolean release(String key, String owner) {
		return updated(this.jdbc.sql(this.releaseSql).param("key", key).param("owner", owner).param("now", now()));
	}

	@Override
	public boolean supportsTransactionalClaims() {
		return true;
	}

	/**
	 * Marks the work of a transactional claim as committed, <em>inside</em> the transaction the calling thread
	 * has open on the store's {@code DataSource} (the handler's own): the mark commits iff that transaction
	 * commits, so a record is {@code T} exactly when the business write is in the database. A record so marked
	 * is never released nor taken over; until its response is stored, retries get "in flight", then
	 * {@link ClaimResult.Outcome#RESPONSE_LOST}. The update holds the record's row lock until the transaction
	 * ends, so a retry taking the claim over waits for it and then sees the mark.
	 * @param key the record key
	 * @param owner the owner token of the claim
	 * @return {@code false} if the claim was lost (taken over after its lease ran out, or not transactional):
	 * the caller must then roll its transaction back, as a retry owns the key
	 * @throws IllegalStateException if the thread has no transaction open on the store's {@code DataSource}
	 */
	public boolean markCommitted(String key, String owner) {
		Assert.state(participatesInCurrentTransaction(),
				"markCommitted runs in a transaction on the idempotency store's DataSource");
		return this.jdbc.sql(this.markCommittedSql).param("key", key).param("owner", owner).update() == 1;
	}

	/**
	 * Whether the calling thread has a transaction open on the store's {@code DataSource}, one that
	 * {@link #markCommitted} joins.
	 * @return whether a transaction on the store's database is active
	 */
	public boolean participatesInCurrentTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.hasResource(this.dataSource);
	}

	/**
	 * Deletes one batch of expired records, oldest first, in a transaction of its own.
	 * @param batchSize the most rows deleted
	 * @return the number of rows deleted; fewer than {@code batchSize} when no more had expired
	 */
	public int purgeExpired(int batchSize) {
		Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		Integer deleted = this.ownTransaction.execute((status) -> this.jdbc.sql(this.purgeSql)
			.param("batch", batchSize)
			.param("now", now())
			.update());
		return (deleted != null) ? deleted : 0;
	}

	private JdbcClient.StatementSpec completion(String key, String owner, StoredResponse response, Duration ttl) {
		return this.jdbc.sql(this.completeSql)
			.param("key", key)
			.param("owner", owner)
			.param("status", response.status())
			.param("headers", StoredHeaders.encode(response.headers()))
			.param("body", response.body())
			.param("bodyOmitted", response.bodyOmitted())
			.param("ttl", millis(ttl))
			.param("now", now());
	}

	private boolean updated(JdbcClient.StatementSpec statement) {
		Integer rows = this.ownTransaction.execute((status) -> statement.update());
		return rows != null && rows == 1;
	}

	private long now() {
		// Bound only when the statements compare with the application's clock; otherwise unused by the SQL.
		return (this.clock != null) ? this.clock.millis() : 0L;
	}

	private static long millis(Duration duration) {
		return Math.max(1, duration.toMillis());
	}

	private static String sql(String template, String table, String now) {
		return template.replace("${table}", table).replace("${now}", now);
	}

	/**
	 * The SQL dialects the store speaks.
	 */
	public enum Dialect {

		/** PostgreSQL 9.5 or later: {@code INSERT ... ON CONFLICT}. */
		POSTGRESQL("postgresql", "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)", "LIMIT :batch",
				"INSERT INTO ${table} (record_key, fingerprint, owner_token, state, lease_until, expires_at, ttl_millis) "
						+ "VALUES (:key, :fingerprint, :owner, :state, ${now} + :lease, ${now} + :ttl, :ttl) "
						+ "ON CONFLICT (record_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
						+ "owner_token = EXCLUDED.owner_token, state = EXCLUDED.state, lease_until = EXCLUDED.lease_until, "
						+ "expires_at = EXCLUDED.expires_at, ttl_millis = EXCLUDED.ttl_millis, status = NULL, "
						+ "headers = NULL, body = NULL, body_omitted = NULL WHERE ${table}.expires_at <= ${now} "
						+ "OR (${table}.state = 'W' AND ${table}.lease_until <= ${now} "
						+ "AND ${table}.fingerprint = EXCLUDED.fingerprint)"),

		/** H2 2.x, in any compatibility mode: {@code MERGE}. */
		H2("h2", "DATEDIFF(MILLISECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP)",
				"FETCH FIRST :batch ROWS ONLY",
				"MERGE INTO ${table} t USING (VALUES (CAST(:key AS VARCHAR(255)))) s (record_key) "
						+ "ON t.record_key = s.record_key "
						+ "WHEN MATCHED AND (t.expires_at <= ${now} OR (t.state = 'W' AND t.lease_until <= ${now} "
						+ "AND t.fingerprint = :fingerprint)) THEN UPDATE SET fingerprint = :fingerprint, "
						+ "owner_token = :owner, state = :state, lease_until = ${now} + :lease, expires_at = ${now} + :ttl, "
						+ "ttl_millis = :ttl, status = NULL, headers = NULL, body = NULL, body_omitted = NULL "
						+ "WHEN NOT MATCHED THEN INSERT (record_key, fingerprint, owner_token, state, lease_until, "
						+ "expires_at, ttl_millis) VALUES (:key, :fingerprint, :owner, :state, ${now} + :lease, "
						+ "${now} + :ttl, :ttl)");

		private final String platform;

		private final String now;

		private final String limit;

		private final String claim;

		Dialect(String platform, String now, String limit, String claim) {
			this.platform = platform;
			this.now = now;
			this.limit = limit;
			this.claim = claim;
		}

		/**
		 * The platform name, as in Spring Boot's {@code @@platform@@} and the schema scripts' names.
		 * @return the platform, e.g. {@code postgresql}
		 */
		public String platform() {
			return this.platform;
		}

		/**
		 * The dialect of a platform name.
		 * @param platform e.g. {@code postgresql} or {@code h2}
		 * @return the dialect, or {@code null} if the store does not speak it
		 */
		public static @Nullable Dialect ofPlatform(String platform) {
			for (Dialect dialect : values()) {
				if (dialect.platform.equals(platform.toLowerCase(Locale.ROOT))) {
					return dialect;
				}
			}
			return null;
		}

		/**
		 * The dialect of a database, from its connection's metadata.
		 * @param dataSource the database
		 * @return the dialect
		 * @throws IllegalStateException if the database is not one the store speaks, or cannot be reached
		 */
		public static Dialect of(DataSource dataSource) {
			String product;
			try {
				product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			}
			catch (MetaDataAccessException ex) {
				throw new IllegalStateException("Could not tell which database the idempotency store uses", ex);
			}
			String name = product.toLowerCase(Locale.ROOT);
			if (name.contains("postgresql")) {
				return POSTGRESQL;
			}
			if (name.equals("h2")) {
				return H2;
			}
			throw new IllegalStateException("The JDBC idempotency store speaks PostgreSQL and H2, not " + product);
		}

	}

}
