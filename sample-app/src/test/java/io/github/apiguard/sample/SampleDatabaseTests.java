package io.github.apiguard.sample;

import java.net.http.HttpResponse;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.support.PostgresServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on a real database: builds and releases are rows, and idempotency records live next to them in
 * the transactional JDBC store — on an embedded H2 by default (nothing installed), on PostgreSQL with the
 * {@code postgres} profile.
 */
class SampleDatabaseTests {

	@Test
	void byDefaultBuildsReleasesAndIdempotencyRecordsAreRowsOfAnEmbeddedH2() throws Exception {
		try (ConfigurableApplicationContext node = start()) {
			assertThat(product(node)).isEqualTo("H2");
			assertPersistedInTheDatabase(node);
		}
	}

	@Test
	void postgresProfileKeepsThemInPostgresql() throws Exception {
		PostgresServerSupport server = PostgresServerSupport.shared();
		try (ConfigurableApplicationContext node = start("--spring.profiles.active=postgres",
				"--spring.datasource.url=" + server.jdbcUrl(), "--spring.datasource.username=postgres",
				"--spring.datasource.password=")) {
			assertThat(product(node)).isEqualTo("PostgreSQL");
			assertPersistedInTheDatabase(node);
		}
	}

	private static void assertPersistedInTheDatabase(ConfigurableApplicationContext node) {
		assertThat(node.getBean(IdempotencyStore.class)).isInstanceOf(JdbcIdempotencyStore.class);
		SampleApi api = new SampleApi(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
		JdbcClient jdbc = JdbcClient.create(node.getBean(DataSource.class));
		String key = UUID.randomUUID().toString();
		HttpResponse<String> release = api.postWithKey("/v1/releases", SampleApi.ADMIN, key + "-release",
				"{\"version\": \"1.0.0\"}");
		assertThat(release.statusCode()).isEqualTo(201);
		String releaseId = release.headers().firstValue("Location").orElseThrow().replace("/v1/releases/", "");
		HttpResponse<String> created = api.postWithKey("/v1/builds", SampleApi.ADMIN, key,
				"{\"name\": \"db\", \"release_id\": \"" + releaseId + "\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM sample_build WHERE id = ?")
			.param(location.replace("/v1/builds/", ""))
			.query(Long.class)
			.single()).isOne();
		// Read back from its row, the build renders byte for byte as it did when created.
		assertThat(api.get(location, SampleApi.ADMIN).body()).isEqualTo(created.body());
		assertThat(api.get("/v1/releases/" + releaseId, SampleApi.ADMIN).body()).isEqualTo(release.body());
		HttpResponse<String> replay = api.postWithKey("/v1/builds", SampleApi.ADMIN, key,
				"{\"name\": \"db\", \"release_id\": \"" + releaseId + "\"}");
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM sample_build").query(Long.class).single()).isOne();
		assertThat(jdbc.sql("SELECT state FROM apiguard_idempotency").query(String.class).list()).containsOnly("C")
			.hasSize(2);
	}

	private static String product(ConfigurableApplicationContext node) throws MetaDataAccessException {
		return JdbcUtils.extractDatabaseMetaData(node.getBean(DataSource.class),
				DatabaseMetaData::getDatabaseProductName);
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				// Long enough that a build is still "processing" when read back, on any machine.
				"--sample.build-processing-time=1h"));
		args.addAll(List.of(arguments));
		return SpringApplication.run(SampleApplication.class, args.toArray(String[]::new));
	}

}
