package io.github.apiguard.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.apiguard.idempotency.store.CircuitBreakingIdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.store.CircuitBreaker;
import io.github.apiguard.store.JdbcFailures;
import io.github.apiguard.store.StoreUnavailableException;
import io.github.apiguard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC store behind the breaker both guards use, on real drivers: a database nobody listens for (the
 * PostgreSQL driver's connection refused) opens the breaker, after which calls are refused without asking
 * the pool for a connection; the database coming back (H2) closes it at the first trial; and a SQL grammar
 * error — a deployment mistake, not an outage — never opens it, however often it happens.
 */
class JdbcIdempotencyStoreCircuitBreakerTests {

	private static final Duration OPEN = Duration.ofSeconds(5);

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.at("2026-03-15T10:00:00Z");

	private IdempotencyJdbc.Database database;

	@AfterEach
	void close() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void anUnreachableDatabaseOpensTheBreakerThenCallsAreRefusedWithoutAConnectionUntilATrialFindsItBack() {
		this.database = IdempotencyJdbc.h2("breaker-" + UUID.randomUUID());
		CountingDataSource connections = new CountingDataSource(new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:" + freePort() + "/nowhere?connectTimeout=120", "nobody", "none"));
		CircuitBreaker breaker = new CircuitBreaker("Idempotency store (jdbc)", 2, OPEN, this.clock,
				JdbcFailures::isOutage);
		CircuitBreakingIdempotencyStore store = new CircuitBreakingIdempotencyStore(new JdbcIdempotencyStore(
				connections, this.database.table(), JdbcIdempotencyStore.Dialect.H2, this.clock), breaker);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> store.claim(claim("k1")))
				.satisfies((ex) -> assertThat(JdbcFailures.isOutage(ex)).isTrue());
		}
		assertThat(breaker.isOpen()).isTrue();
		assertThat(connections.asked).hasValue(2);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.claim(claim("k2")));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.release("k1", "owner"));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.renew("k1", "owner", LEASE));
		assertThat(connections.asked).as("calls refused by the open breaker never reach the pool").hasValue(2);
		// The database is back; the breaker does not know until its open duration has passed.
		connections.setTargetDataSource(this.database.dataSource());
		this.clock.advance(OPEN.minusMillis(1));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.claim(claim("k3")));
		assertThat(connections.asked).hasValue(2);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(store.claim(claim("k3")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(breaker.isOpen()).isFalse();
		assertThat(store.claim(claim("k4")).outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
		assertThat(connections.asked).hasValueGreaterThan(2);
	}

	@Test
	void sqlGrammarErrorsNeverOpenTheBreaker() {
		this.database = IdempotencyJdbc.h2("grammar-" + UUID.randomUUID());
		CircuitBreaker breaker = new CircuitBreaker("Idempotency store (jdbc)", 1, OPEN, this.clock,
				JdbcFailures::isOutage);
		CircuitBreakingIdempotencyStore store = new CircuitBreakingIdempotencyStore(new JdbcIdempotencyStore(
				this.database.dataSource(), "no_such_table", JdbcIdempotencyStore.Dialect.H2, this.clock), breaker);
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(() -> store.claim(claim("k1")))
				.satisfies((ex) -> assertThat(JdbcFailures.isOutage(ex)).isFalse());
		}
		assertThat(breaker.isOpen()).isFalse();
	}

	private static IdempotencyClaim claim(String key) {
		return new IdempotencyClaim(key, "fingerprint", "owner", LEASE, Duration.ofHours(1));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Counts every connection asked for, and can be pointed at another database.
	 */
	static final class CountingDataSource extends DelegatingDataSource {

		final AtomicInteger asked = new AtomicInteger();

		CountingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.asked.incrementAndGet();
			return super.getConnection();
		}

	}

}
