package io.github.apiguard.idempotency.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.store.ClockSource;

/**
 * Configuration of the JDBC idempotency store ({@code apiguard.idempotency.jdbc.*}), used with
 * {@code apiguard.idempotency.store=jdbc}. A class of its own, bound only when Spring JDBC is present, so that
 * {@link IdempotencyProperties} never refers to Spring Boot's SQL types.
 *
 * @param tableName The table of the records, optionally qualified by its schema.
 * @param initializeSchema When to create the table from the shipped script: embedded (embedded databases
 * only), always or never (e.g. when Flyway or Liquibase creates it).
 * @param schema The location of the schema script; @@platform@@ is replaced by the database's platform.
 * @param platform The platform (postgresql or h2) of the schema script and of the store's SQL; detected from
 * the DataSource when not set.
 * @param time Whose clock leases and expiry use: server (the database's clock, one clock for every node) or
 * application (the application's Clock bean, for tests).
 * @param purge The scheduled deletion of expired records.
 * @param transactional Whether every idempotent endpoint is transactional, as with
 * {@code @Idempotent(transactional = true)}: its outcome is marked committed inside the handler's own
 * transaction on this DataSource. Fails startup unless apiguard.idempotency.store is jdbc.
 */
@ConfigurationProperties("apiguard.idempotency.jdbc")
public record JdbcIdempotencyProperties(@DefaultValue(JdbcIdempotencyStore.DEFAULT_TABLE_NAME) String tableName,
		@DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
		@DefaultValue(DEFAULT_SCHEMA) String schema, @Nullable String platform,
		@DefaultValue("server") ClockSource time, @DefaultValue Purge purge, @DefaultValue("false") boolean transactional) {

	static final String DEFAULT_SCHEMA = "classpath:io/github/apiguard/idempotency/store/jdbc/schema-@@platform@@.sql";

	public JdbcIdempotencyProperties {
		if (!JdbcIdempotencyStore.isValidTableName(tableName)) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.jdbc.table-name", tableName,
					"The table name must be an SQL identifier, optionally qualified by its schema, e.g. apiguard_idempotency.");
		}
		if (platform != null && JdbcIdempotencyStore.Dialect.ofPlatform(platform) == null) {
			throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.jdbc.platform", platform,
					"The JDBC idempotency store speaks postgresql and h2.");
		}
	}

	/**
	 * The scheduled deletion of expired records.
	 *
	 * @param enabled Whether expired records are deleted on a schedule.
	 * @param interval The time between two purges.
	 * @param batchSize The most records deleted by one statement (one short transaction).
	 */
	public record Purge(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
			@DefaultValue("500") int batchSize) {

		public Purge {
			if (interval.isNegative() || interval.isZero()) {
				throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.jdbc.purge.interval", interval,
						"The purge interval must be positive, e.g. 5m.");
			}
			if (batchSize <= 0) {
				throw new InvalidConfigurationPropertyValueException("apiguard.idempotency.jdbc.purge.batch-size",
						batchSize, "The purge batch size must be positive, e.g. 500.");
			}
		}

	}

}
