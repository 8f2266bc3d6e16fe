package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;

import io.github.apiguard.idempotency.autoconfigure.JdbcIdempotencySchemaInitializer;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.support.PostgresServerSupport;

/**
 * Databases for the JDBC store's tests: two connection pools on one database (two nodes), and a table of the
 * test's own created by the shipped schema script.
 */
final class IdempotencyJdbc {

	private IdempotencyJdbc() {
	}

	static Database h2(String name) {
		String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
		return create(JdbcIdempotencyStore.Dialect.H2, pool(url, "sa", 32), pool(url, "sa", 32));
	}

	static Database postgres() {
		PostgresServerSupport server = PostgresServerSupport.shared();
		return create(JdbcIdempotencyStore.Dialect.POSTGRESQL, server.newPool(32), server.newPool(32));
	}

	private static Database create(JdbcIdempotencyStore.Dialect dialect, HikariDataSource first,
			HikariDataSource second) {
		String table = "idem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of("classpath:io/github/apiguard/idempotency/store/jdbc/schema-"
				+ dialect.platform() + ".sql"));
		settings.setMode(DatabaseInitializationMode.ALWAYS);
		new JdbcIdempotencySchemaInitializer(first, settings, table).initializeDatabase();
		return new Database(first, second, dialect, table);
	}

	private static HikariDataSource pool(String url, String user, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setMaximumPoolSize(size);
		// A hang detector, not a speed bound.
		config.setConnectionTimeout(Duration.ofSeconds(120).toMillis());
		return new HikariDataSource(config);
	}

	/**
	 * One database seen through two pools.
	 */
	record Database(HikariDataSource first, HikariDataSource second, JdbcIdempotencyStore.Dialect dialect,
			String table) implements AutoCloseable {

		DataSource dataSource() {
			return this.first;
		}

		@Override
		public void close() {
			this.first.close();
			this.second.close();
		}

	}

}
