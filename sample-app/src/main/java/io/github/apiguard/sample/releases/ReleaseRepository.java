package io.github.apiguard.sample.releases;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Repository;

/**
 * Releases, in memory.
 */
@Repository
public class ReleaseRepository {

	private final Map<String, Release> releases = new ConcurrentHashMap<>();

	Release save(Release release) {
		this.releases.put(release.id(), release);
		return release;
	}

	/**
	 * Finds a release.
	 * @param id the id
	 * @return the release, if it exists
	 */
	public Optional<Release> find(String id) {
		return Optional.ofNullable(this.releases.get(id));
	}

}
