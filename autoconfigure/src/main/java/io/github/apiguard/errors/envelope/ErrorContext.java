package io.github.apiguard.errors.envelope;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link ErrorEnvelope} may show about the request being answered.
 *
 * @param path the request path, without query, or {@code null} when the request line could not be parsed
 * @param requestId the request id (see {@code apiguard.request-id}), or {@code null} when not tracked
 * @param timestamp when the error was rendered
 */
public record ErrorContext(@Nullable String path, @Nullable String requestId, Instant timestamp) {

}
