package io.github.apiguard.sample.releases;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A release builds can belong to.
 *
 * @param id the id, {@code rel_...}
 * @param version the version label
 * @param createdAt when it was created
 */
// Named explicitly: springdoc describes records with its own mapper, which knows no naming strategy.
public record Release(String id, String version, @JsonProperty("created_at") Instant createdAt) {
}
