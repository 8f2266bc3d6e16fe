package io.github.apiguard.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.apiguard.support.PostgresServerSupport;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A pool whose connections are all in use is not a database outage (issue 22, part 3): Hikari's timeout then
 * has no connection failure as its cause, while a pool that cannot reach the database puts the last
 * connection failure (SQL state 08) there. Both are met for real, on the embedded PostgreSQL and on a port
 * nobody listens on.
 */
class JdbcPoolTimeoutClassificationTests {

	// Hikari's smallest timeout; the pool's answer is the same however long it waits.
	private static final long POOL_TIMEOUT_MILLIS = 250;

	@Test
	void aPoolWhoseConnectionsAreAllBusyIsNotAnOutageAndDoesNotOpenTheBreaker() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(PostgresServerSupport.shared().jdbcUrl());
		config.setUsername("postgres");
		config.setMaximumPoolSize(2);
		config.setConnectionTimeout(POOL_TIMEOUT_MILLIS);
		try (HikariDataSource pool = new HikariDataSource(config);
				Connection first = pool.getConnection();
				Connection second = pool.getConnection()) {
			CircuitBreaker breaker = new CircuitBreaker("test store", 1, Duration.ofMinutes(1), Clock.systemUTC(),
					JdbcFailures::isOutage);
			Throwable failure = call(breaker, pool);
			assertThat(failure).isNotNull();
			assertThat(JdbcFailures.isOutage(failure)).as("busy pool: %s", failure).isFalse();
			assertThat(breaker.isOpen()).isFalse();
		}
	}

	@Test
	void aPoolThatCannotReachTheDatabaseIsAnOutageAndOpensTheBreaker() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres");
		config.setUsername("postgres");
		config.setMaximumPoolSize(2);
		config.setConnectionTimeout(POOL_TIMEOUT_MILLIS);
		config.setInitializationFailTimeout(-1);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			CircuitBreaker breaker = new CircuitBreaker("test store", 1, Duration.ofMinutes(1), Clock.systemUTC(),
					JdbcFailures::isOutage);
			Throwable failure = call(breaker, pool);
			assertThat(failure).isNotNull();
			assertThat(JdbcFailures.isOutage(failure)).as("database down: %s", failure).isTrue();
			assertThat(breaker.isOpen()).isTrue();
		}
	}

	private static Throwable call(CircuitBreaker breaker, HikariDataSource pool) {
		CircuitBreaker.Permit permit = breaker.acquire();
		Throwable failure = catchThrowable(() -> new JdbcTemplate(pool).queryForObject("select 1", Integer.class));
		if (failure != null) {
			breaker.failed(permit, failure);
		}
		else {
			breaker.succeeded(permit);
		}
		return failure;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
