package io.github.apiguard.sample.releases;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Releases, in the {@code sample_release} table.
 */
@Repository
public class ReleaseRepository {

	private final JdbcClient jdbc;

	ReleaseRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	Release save(Release release) {
		this.jdbc.sql("INSERT INTO sample_release (id, version, created_at) VALUES (?, ?, ?)")
			.params(release.id(), release.version(), release.createdAt().toString())
			.update();
		return release;
	}

	/**
	 * Finds a release.
	 * @param id the id
	 * @return the release, if it exists
	 */
	public Optional<Release> find(String id) {
		return this.jdbc.sql("SELECT id, version, created_at FROM sample_release WHERE id = ?")
			.param(id)
			.query((row, rowNum) -> new Release(row.getString("id"), row.getString("version"),
					Instant.parse(row.getString("created_at"))))
			.optional();
	}

}
