package io.github.apiguard.sample.builds;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.github.apiguard.sample.admin.Faults;

/**
 * Builds, in the {@code sample_build} table. With the storage fault switched on it fails the way a real
 * database driver does: with a message that holds the connection string, password included — which must
 * never reach a client.
 * <p>
 * {@link #save} is the build's own transaction: with {@code apiguard.idempotency.jdbc.transactional} (the
 * sample's default) apiguard marks the request's idempotency record committed in it, so the build row and
 * that mark commit together.
 */
@Repository
public class BuildStore {

	private final JdbcClient jdbc;

	private final Faults faults;

	BuildStore(JdbcClient jdbc, Faults faults) {
		this.jdbc = jdbc;
		this.faults = faults;
	}

	@Transactional
	Build save(Build build) {
		checkStorage();
		this.jdbc.sql("INSERT INTO sample_build (id, name, release_id, owner, created_at, ready_at) "
				+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(build.id(), build.name(), build.releaseId(), build.owner(), build.createdAt().toString(),
					build.readyAt().toString())
			.update();
		// Only with sample.faults.build-write-hold: the row is inserted, the transaction still open.
		this.faults.holdBuildWrite();
		return build;
	}

	Optional<Build> find(String id, String owner) {
		checkStorage();
		// Another client's build is answered exactly like a missing one.
		return this.jdbc.sql("SELECT * FROM sample_build WHERE id = ? AND owner = ?")
			.params(id, owner)
			.query(BuildStore::build)
			.optional();
	}

	List<Build> findByOwner(String owner) {
		checkStorage();
		// Sorted here: instants are stored as text, whose order is not theirs.
		return this.jdbc.sql("SELECT * FROM sample_build WHERE owner = ?")
			.param(owner)
			.query(BuildStore::build)
			.list()
			.stream()
			.sorted(Comparator.comparing(Build::createdAt).thenComparing(Build::id))
			.toList();
	}

	/**
	 * How many builds exist, for tests that count duplicate writes.
	 * @return the number of builds
	 */
	public int count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM sample_build").query(Integer.class).single();
	}

	private void checkStorage() {
		if (this.faults.storageFailing()) {
			throw new IllegalStateException(
					"Connection to jdbc:postgresql://builds-db.internal:5432/builds?user=builds&password=s3cr3t-Pa55 refused");
		}
	}

	private static Build build(ResultSet row, int rowNum) throws SQLException {
		return new Build(row.getString("id"), row.getString("name"), row.getString("release_id"),
				row.getString("owner"), Instant.parse(row.getString("created_at")),
				Instant.parse(row.getString("ready_at")));
	}

}
