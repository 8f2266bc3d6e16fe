package io.github.apiguard.idempotency.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What {@link IdempotencyFilter} and {@link IdempotencyInterceptor} share about one request, as a request
 * attribute: the body's digest (or that it was too large to hash) and, once claimed, the claim.
 */
final class IdempotentExchange {

	static final String ATTRIBUTE = IdempotentExchange.class.getName();

	private final @Nullable String bodyDigest;

	private @Nullable String key;

	private @Nullable String owner;

	private @Nullable Duration ttl;

	private @Nullable ScheduledFuture<?> renewal;

	private boolean handlerReached;

	private boolean transactional;

	IdempotentExchange(@Nullable String bodyDigest) {
		this.bodyDigest = bodyDigest;
	}

	static @Nullable IdempotentExchange of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof IdempotentExchange exchange) ? exchange : null;
	}

	/**
	 * The body's digest, or {@code null} when the body is larger than the configured maximum.
	 */
	@Nullable String bodyDigest() {
		return this.bodyDigest;
	}

	void claimed(String key, String owner, Duration ttl, boolean transactional, ScheduledFuture<?> renewal) {
		this.transactional = transactional;
		this.key = key;
		this.owner = owner;
		this.ttl = ttl;
		this.renewal = renewal;
	}

	/**
	 * Stops renewing the lease: the request is over.
	 */
	void stopRenewing() {
		if (this.renewal != null) {
			this.renewal.cancel(false);
		}
	}

	/**
	 * Marks that every interceptor let the request through to its handler.
	 */
	void handlerReached() {
		this.handlerReached = true;
	}

	/**
	 * Whether the handler was reached: an answer given before (a rate limit, a quota, an access check)
	 * says nothing about what the request does, so it is never its key's outcome.
	 */
	boolean isHandlerReached() {
		return this.handlerReached;
	}

	/**
	 * Whether the claim is transactional: a transaction committing on the store's database marks it committed.
	 */
	boolean isTransactional() {
		return this.transactional;
	}

	boolean isClaimed() {
		return this.key != null;
	}

	String key() {
		return this.key;
	}

	String owner() {
		return this.owner;
	}

	Duration ttl() {
		return this.ttl;
	}

}
