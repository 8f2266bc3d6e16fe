package io.github.apiguard.sample.releases;

import java.time.Instant;

/**
 * A release builds can belong to.
 *
 * @param id the id, {@code rel_...}
 * @param version the version label
 * @param createdAt when it was created
 */
public record Release(String id, String version, Instant createdAt) {
}
