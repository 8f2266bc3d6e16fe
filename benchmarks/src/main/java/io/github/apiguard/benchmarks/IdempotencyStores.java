package io.github.apiguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.support.PostgresServerSupport;

/**
 * The idempotency stores as the auto-configuration builds them, on real backends: in memory, a real
 * {@code redis-server}, an embedded in-memory H2 and a real PostgreSQL (zonky's binaries, through autoconfigure's
 * test fixture {@link PostgresServerSupport}), each JDBC one behind a Hikari pool. The JDBC stores compare with
 * the database's clock, as by default.
 */
final class IdempotencyStores implements AutoCloseable {

	/** What a store is given on completion: a 201 with {@code Location} and a 70-byte body. */
	static final StoredResponse RESPONSE = new StoredResponse(201,
			Map.of("Location", List.of("/v1/builds/bld_0123456789abcdef")),
			"{\"id\":\"bld_0123456789abcdef\",\"name\":\"bench\",\"status\":\"processing\",\"x\":1}"
				.getBytes(StandardCharsets.UTF_8),
			false);

	static final Duration LEASE = Duration.ofSeconds(30);

	static final Duration TTL = Duration.ofHours(1);

	private final IdempotencyStore store;

	private final DataSource dataSource;

	private final AutoCloseable resources;

	private IdempotencyStores(IdempotencyStore store, DataSource dataSource, AutoCloseable resources) {
		this.store = store;
		this.dataSource = dataSource;
		this.resources = resources;
	}

	/**
	 * Opens a store.
	 * @param kind {@code memory}, {@code redis}, {@code h2} or {@code postgresql}
	 * @param poolSize the connection pool's size (JDBC)
	 * @param wrap wraps the pool's {@code DataSource} before the store gets it (e.g. to count statements)
	 * @return the store and what it holds open
	 * @throws Exception if a backend cannot be started
	 */
	static IdempotencyStores open(String kind, int poolSize, java.util.function.UnaryOperator<DataSource> wrap)
			throws Exception {
		return open(kind, poolSize, wrap, false);
	}

	/**
	 * Opens a store.
	 * @param kind {@code memory}, {@code redis}, {@code h2} or {@code postgresql}
	 * @param poolSize the connection pool's size (JDBC)
	 * @param wrap wraps the pool's {@code DataSource} before the store gets it (e.g. to count statements)
	 * @param countRoundTrips whether PostgreSQL's driver counts its round trips ({@link CountingSocketFactory})
	 * @return the store and what it holds open
	 * @throws Exception if a backend cannot be started
	 */
	static IdempotencyStores open(String kind, int poolSize, java.util.function.UnaryOperator<DataSource> wrap,
			boolean countRoundTrips) throws Exception {
		switch (kind) {
			case "memory":
				return new IdempotencyStores(new InMemoryIdempotencyStore(256L * 1024 * 1024, Clock.systemUTC()), null,
						() -> {
						});
			case "redis": {
				EmbeddedRedis redis = new EmbeddedRedis();
				LettuceConnectionFactory factory = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
				factory.afterPropertiesSet();
				factory.start();
				return new IdempotencyStores(new RedisIdempotencyStore(factory, "apiguard", null), null, () -> {
					factory.destroy();
					redis.close();
				});
			}
			case "h2":
				return jdbc(pool("jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", poolSize), "h2",
						wrap);
			case "postgresql":
				return jdbc(pool(PostgresServerSupport.shared().jdbcUrl()
						+ (countRoundTrips ? "?socketFactory=" + CountingSocketFactory.class.getName() : ""), "postgres",
						poolSize), "postgresql", wrap);
			default:
				throw new IllegalArgumentException(kind);
		}
	}

	private static HikariDataSource pool(String url, String user, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	private static IdempotencyStores jdbc(HikariDataSource pool, String platform,
			java.util.function.UnaryOperator<DataSource> wrap) {
		new ResourceDatabasePopulator(
				new ClassPathResource("io/github/apiguard/idempotency/store/jdbc/schema-" + platform + ".sql"))
			.execute(pool);
		DataSource dataSource = wrap.apply(pool);
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, JdbcIdempotencyStore.DEFAULT_TABLE_NAME,
				JdbcIdempotencyStore.Dialect.ofPlatform(platform), null);
		return new IdempotencyStores(store, dataSource, pool);
	}

	IdempotencyStore store() {
		return this.store;
	}

	/**
	 * A transaction on the JDBC store's {@code DataSource}, as the handler's {@code @Transactional} service
	 * opens it in the transactional mode.
	 * @return a template on the store's data source
	 */
	TransactionTemplate handlerTransaction() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	static IdempotencyClaim claim(String key, boolean transactional) {
		return new IdempotencyClaim(key, "fingerprint-" + key.hashCode(), "owner-" + key, LEASE, TTL, transactional);
	}

	@Override
	public void close() throws Exception {
		this.resources.close();
	}

}
