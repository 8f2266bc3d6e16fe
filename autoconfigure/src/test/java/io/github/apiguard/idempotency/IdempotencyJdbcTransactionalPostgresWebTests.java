package io.github.apiguard.idempotency;

import java.util.List;

import io.github.apiguard.support.PostgresServerSupport;

/**
 * Transactional idempotency on a real PostgreSQL server.
 */
class IdempotencyJdbcTransactionalPostgresWebTests extends AbstractIdempotencyJdbcTransactionalWebTests {

	@Override
	protected List<String> databaseProperties() {
		return List.of("spring.datasource.url=" + PostgresServerSupport.shared().jdbcUrl(),
				"spring.datasource.username=postgres", "spring.datasource.hikari.maximum-pool-size=40");
	}

}
