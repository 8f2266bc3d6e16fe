package io.github.apiguard.idempotency;

import java.util.List;
import java.util.UUID;

/**
 * Transactional idempotency on an in-memory H2 database.
 */
class IdempotencyJdbcTransactionalH2WebTests extends AbstractIdempotencyJdbcTransactionalWebTests {

	private static final String DATABASE = "jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@Override
	protected List<String> databaseProperties() {
		return List.of("spring.datasource.url=" + DATABASE, "spring.datasource.username=sa",
				"spring.datasource.hikari.maximum-pool-size=40");
	}

}
