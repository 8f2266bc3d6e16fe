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

	// The exchange of the request the thread is serving, from the filter's start until its outcome is settled
	// (after an enclosing transaction completed, when there is one). The transaction listener finds it here rather
	// than through RequestContextHolder, which a filter ahead of Spring's RequestContextFilter runs without.
	private static final ThreadLocal<IdempotentExchange> current = new ThreadLocal<>();

	private final @Nullable String bodyDigest;

	private @Nullable String key;

	private @Nullable String owner;

	private @Nullable Duration ttl;

	private @Nullable ScheduledFuture<?> renewal;

	private boolean handlerReached;

	private boolean transactional;

	private IdempotentEndpoints.@Nullable Endpoint endpoint;

	// What the application's transactions on this request's thread did, as the transaction listener saw them:
	// written on the request's thread only.
	private boolean committed;

	private boolean rolledBack;

	private boolean markCommitted;

	private boolean markPending;

	IdempotentExchange(@Nullable String bodyDigest) {
		this.bodyDigest = bodyDigest;
	}

	/**
	 * The exchange whose request the calling thread serves, if any.
	 */
	static @Nullable IdempotentExchange current() {
		return current.get();
	}

	void bindToThread() {
		current.set(this);
	}

	void unbindFromThread() {
		if (current.get() == this) {
			current.remove();
		}
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

	void claimed(String key, String owner, Duration ttl, IdempotentEndpoints.Endpoint endpoint, boolean transactional,
			ScheduledFuture<?> renewal) {
		this.endpoint = endpoint;
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

	/**
	 * The endpoint whose claim this is, once claimed.
	 */
	IdempotentEndpoints.@Nullable Endpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Records that the "work committed" mark was written in the transaction now committing.
	 */
	void markWritten() {
		this.markPending = true;
	}

	/**
	 * Records that a transaction of the application (a physical one, not a savepoint) committed on the
	 * request's thread, with the mark if one was written in it.
	 */
	void transactionCommitted() {
		this.committed = true;
		this.markCommitted |= this.markPending;
		this.markPending = false;
	}

	/**
	 * Records that a transaction of the application (a physical one, not a savepoint) rolled back on the
	 * request's thread.
	 */
	void transactionRolledBack() {
		this.rolledBack = true;
		this.markPending = false;
	}

	/**
	 * Whether the application's transactions on this request rolled back and none committed: a success it
	 * answers then describes work that is not in the database.
	 */
	boolean isRolledBackWithoutCommit() {
		return this.rolledBack && !this.committed;
	}

	/**
	 * Whether the "work committed" mark committed with one of the application's transactions.
	 */
	boolean isMarkCommitted() {
		return this.markCommitted;
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
