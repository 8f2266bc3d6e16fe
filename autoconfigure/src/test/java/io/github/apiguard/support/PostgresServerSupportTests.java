package io.github.apiguard.support;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerSupportTests {

	@Test
	void aRealPostgresServerAnswersQueries() {
		try (HikariDataSource pool = PostgresServerSupport.shared().newPool(2)) {
			String version = JdbcClient.create(pool).sql("SELECT version()").query(String.class).single();
			assertThat(version).startsWith("PostgreSQL");
		}
	}

}
