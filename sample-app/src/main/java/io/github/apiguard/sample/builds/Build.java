package io.github.apiguard.sample.builds;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A build. It processes for a while after creation and can be deployed once ready.
 *
 * @param id the id, {@code bld_...}
 * @param name the name
 * @param releaseId the release it belongs to, or {@code null}
 * @param owner the client that created it (not rendered)
 * @param createdAt when it was created
 * @param readyAt when processing ends
 */
public record Build(String id, String name, String releaseId, @JsonIgnore String owner, Instant createdAt,
		Instant readyAt) {

	/**
	 * The processing state at a given time.
	 * @param now the time
	 * @return {@code processing} or {@code ready}
	 */
	public String statusAt(Instant now) {
		return now.isBefore(this.readyAt) ? "processing" : "ready";
	}

}
