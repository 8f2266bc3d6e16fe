package io.github.apiguard.sample.builds;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Repository;

import io.github.apiguard.sample.admin.Faults;

/**
 * Builds, in memory. With the storage fault switched on it fails the way a real database driver does: with
 * a message that holds the connection string, password included — which must never reach a client.
 */
@Repository
public class BuildStore {

	private final Map<String, Build> builds = new ConcurrentHashMap<>();

	private final Faults faults;

	BuildStore(Faults faults) {
		this.faults = faults;
	}

	Build save(Build build) {
		checkStorage();
		this.builds.put(build.id(), build);
		return build;
	}

	Optional<Build> find(String id, String owner) {
		checkStorage();
		// Another client's build is answered exactly like a missing one.
		return Optional.ofNullable(this.builds.get(id)).filter((build) -> build.owner().equals(owner));
	}

	List<Build> findByOwner(String owner) {
		checkStorage();
		return this.builds.values()
			.stream()
			.filter((build) -> build.owner().equals(owner))
			.sorted(Comparator.comparing(Build::createdAt).thenComparing(Build::id))
			.toList();
	}

	/**
	 * How many builds exist, for tests that count duplicate writes.
	 * @return the number of builds
	 */
	public int count() {
		return this.builds.size();
	}

	private void checkStorage() {
		if (this.faults.storageFailing()) {
			throw new IllegalStateException(
					"Connection to jdbc:postgresql://builds-db.internal:5432/builds?user=builds&password=s3cr3t-Pa55 refused");
		}
	}

}
