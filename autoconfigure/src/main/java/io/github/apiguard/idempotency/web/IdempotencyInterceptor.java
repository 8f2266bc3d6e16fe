package io.github.apiguard.idempotency.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.github.apiguard.ApiguardOrder;
import io.github.apiguard.client.ClientKey;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.RetryAfter;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.idempotency.ClaimResult;
import io.github.apiguard.idempotency.IdempotencyClaim;
import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.idempotency.StoredResponse;

/**
 * The Spring MVC half of idempotency, where the handler and its {@link Idempotent} annotation are known. It
 * validates the key, fingerprints the request, and claims the key in one store call: the first request
 * runs, a completed one is replayed right here — {@code preHandle} returns {@code false}, so interceptors
 * ordered after it (the rate limiter, at 200) never run and a replay consumes no quota — and conflicts,
 * requests in flight and unknown outcomes are answered with their 409s.
 * Registered at order {@link ApiguardOrder#IDEMPOTENCY_INTERCEPTOR}.
 */
public class IdempotencyInterceptor implements HandlerInterceptor {

	/** The header marking a replayed response. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	/** The header marking a replay whose original body was too large to store. */
	public static final String BODY_OMITTED_HEADER = "Idempotent-Body-Omitted";

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyInterceptor.class);

	private final IdempotencyPolicy policy;

	private final IdempotencyStore store;

	private final ClientKeyResolver clients;

	private final ApiErrorRenderer renderer;

	private final IdempotencyLeaseRenewer leases;

	private final IdempotencyListener listener;

	private final IdempotentEndpoints endpoints;

	private final AtomicBoolean warnedAboutAddresses = new AtomicBoolean();

	/**
	 * Creates the interceptor.
	 * @param policy the policy
	 * @param store the store
	 * @param clients tells clients apart, to scope keys
	 * @param renderer renders errors
	 * @param leases keeps the leases of running requests alive
	 */
	public IdempotencyInterceptor(IdempotencyPolicy policy, IdempotencyStore store, ClientKeyResolver clients,
			ApiErrorRenderer renderer, IdempotencyLeaseRenewer leases) {
		this(policy, store, clients, renderer, leases, IdempotencyListener.NONE);
	}

	/**
	 * Creates the interceptor, telling a listener about outcomes.
	 * @param policy the policy
	 * @param store the store
	 * @param clients tells clients apart, to scope keys
	 * @param renderer renders errors
	 * @param leases keeps the leases of running requests alive
	 * @param listener told about outcomes
	 */
	public IdempotencyInterceptor(IdempotencyPolicy policy, IdempotencyStore store, ClientKeyResolver clients,
			ApiErrorRenderer renderer, IdempotencyLeaseRenewer leases, IdempotencyListener listener) {
		this(new IdempotentEndpoints(null, policy), policy, store, clients, renderer, leases, listener);
	}

	/**
	 * Creates the interceptor, guarding what the endpoints declare.
	 * @param endpoints what each handler declares
	 * @param policy the policy
	 * @param store the store
	 * @param clients tells clients apart, to scope keys
	 * @param renderer renders errors
	 * @param leases keeps the leases of running requests alive
	 * @param listener told about outcomes and the latency of claims
	 */
	public IdempotencyInterceptor(IdempotentEndpoints endpoints, IdempotencyPolicy policy, IdempotencyStore store,
			ClientKeyResolver clients, ApiErrorRenderer renderer, IdempotencyLeaseRenewer leases,
			IdempotencyListener listener) {
		this.endpoints = endpoints;
		this.listener = listener;
		this.policy = policy;
		this.store = store;
		this.clients = clients;
		this.renderer = renderer;
		this.leases = leases;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)) {
			return true;
		}
		IdempotentEndpoints.Endpoint endpoint = this.endpoints.endpoint(method);
		if (!endpoint.guards(request.getMethod())) {
			return true;
		}
		List<String> keys = headerValues(request);
		if (keys.isEmpty()) {
			if (endpoint.required()) {
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_KEY_MISSING).build(), request,
						response);
			}
			return true;
		}
		if (keys.size() > 1 || !IdempotencyKeys.isWellFormed(keys.get(0))) {
			return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_KEY_INVALID).build(), request,
					response);
		}
		if (endpoint.streaming()) {
			// Annotated, and registered after the start-up check refused such handlers: run unprotected.
			logger.debug("{} streams or completes asynchronously; its response cannot be replayed", method);
			return true;
		}
		IdempotentExchange exchange = IdempotentExchange.of(request);
		if (exchange == null) {
			throw new IllegalStateException("IdempotencyFilter did not run for a request with the "
					+ this.policy.header() + " header; is it registered for REQUEST dispatches?");
		}
		if (exchange.bodyDigest() == null) {
			return reject(this.renderer.catalog().error(BuiltInErrorCode.PAYLOAD_TOO_LARGE)
				.message("The request body is too large for an idempotent request.")
				.build(), request, response);
		}
		ClientKey client = this.clients.resolve(request);
		warnIfOnlyAddresses(client);
		String key = IdempotencyKeys.recordKey(client.value(), keys.get(0));
		String fingerprint = IdempotencyKeys.fingerprint(request.getMethod(), request.getRequestURI(),
				request.getQueryString(), request.getContentType(), exchange.bodyDigest());
		String owner = UUID.randomUUID().toString();
		Duration ttl = endpoint.ttl();
		boolean transactional = endpoint.transactional();
		ClaimResult result;
		try {
			result = this.store.claim(
					new IdempotencyClaim(key, fingerprint, owner, this.policy.lease(), ttl, transactional));
		}
		catch (RuntimeException ex) {
			this.listener.outcome(IdempotencyListener.Outcome.STORE_UNAVAILABLE);
			// The store may have run the claim after all (a timeout, a reply lost on the way back): its key would
			// then answer "in flight", then "outcome unknown", though this request never ran as its owner. Release
			// it by its owner token, in the background until the store answers; also when failing open, where the
			// request runs unprotected and must not leave a claim behind.
			this.leases.releaseInDoubt(key, owner, ttl);
			return storeUnavailable(ex, request, response);
		}
		switch (result.outcome()) {
			case CLAIMED -> {
				this.listener.outcome(IdempotencyListener.Outcome.NEW);
				exchange.claimed(key, owner, ttl, endpoint, transactional, this.leases.keep(key, owner));
				return true;
			}
			case REPLAY -> {
				this.listener.outcome(IdempotencyListener.Outcome.REPLAYED);
				replay(result.response(), response);
				return false;
			}
			case MISMATCH -> {
				this.listener.outcome(IdempotencyListener.Outcome.MISMATCH);
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_CONFLICT).build(), request,
						response);
			}
			case IN_FLIGHT -> {
				this.listener.outcome(IdempotencyListener.Outcome.IN_FLIGHT);
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_IN_FLIGHT)
					.header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.ofRejection(result.retryAfter())))
					.build(), request, response);
			}
			case CAPACITY_EXCEEDED -> {
				// Not an outage: the store answered, and it protects nothing it cannot hold, so even when failing
				// open the request is refused rather than run unprotected.
				this.listener.outcome(IdempotencyListener.Outcome.CAPACITY_EXCEEDED);
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_CAPACITY_EXCEEDED)
					.header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.ofRejection(this.policy.storeRetryAfter())))
					.build(), request, response);
			}
			case RESPONSE_LOST -> {
				// The work is known done (it committed with its mark): running it again would do it twice, and
				// "outcome unknown" would send the client checking for what is certain.
				this.listener.outcome(IdempotencyListener.Outcome.RESPONSE_LOST);
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_RESPONSE_LOST).build(),
						request, response);
			}
			default -> {
				this.listener.outcome(IdempotencyListener.Outcome.OUTCOME_UNKNOWN);
				return reject(this.renderer.catalog().error(IdempotencyErrorCode.IDEMPOTENCY_OUTCOME_UNKNOWN).build(),
						request, response);
			}
		}
	}

	/**
	 * The interceptor to register last, after every other one: it marks that a claimed request reached its
	 * handler, for {@link IdempotencyFilter} stores only the outcomes of requests that did.
	 * @return the interceptor
	 */
	public HandlerInterceptor handlerReached() {
		return HANDLER_REACHED;
	}

	private static final HandlerInterceptor HANDLER_REACHED = new HandlerInterceptor() {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			IdempotentExchange exchange = IdempotentExchange.of(request);
			if (exchange != null && request.getDispatcherType() == DispatcherType.REQUEST) {
				exchange.handlerReached();
			}
			return true;
		}

	};

	private List<String> headerValues(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(this.policy.header());
		return (values != null) ? Collections.list(values) : List.of();
	}

	private void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
		response.setStatus(stored.status());
		stored.headers().forEach((name, values) -> {
			if (stored.bodyOmitted() && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return;
			}
			for (int i = 0; i < values.size(); i++) {
				if (i == 0) {
					response.setHeader(name, values.get(i));
				}
				else {
					response.addHeader(name, values.get(i));
				}
			}
		});
		response.setHeader(REPLAYED_HEADER, "true");
		if (stored.bodyOmitted()) {
			// The original body was too large to keep: say so rather than replay an empty body as if it were it.
			response.setHeader(BODY_OMITTED_HEADER, "true");
			response.setContentLength(0);
			return;
		}
		byte[] body = stored.body();
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private boolean storeUnavailable(RuntimeException ex, HttpServletRequest request, HttpServletResponse response) {
		if (this.policy.failOpen()) {
			logger.warn("Idempotency store unreachable; running {} {} without idempotency (fail-open)",
					request.getMethod(), request.getRequestURI(), ex);
			return true;
		}
		return reject(this.renderer.catalog().error(BuiltInErrorCode.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.ofRejection(this.policy.storeRetryAfter())))
			.cause(ex)
			.build(), request, response);
	}

	private boolean reject(ApiError error, HttpServletRequest request, HttpServletResponse response) {
		this.renderer.write(error, request, response);
		return false;
	}

	private void warnIfOnlyAddresses(ClientKey client) {
		if (client.kind() == ClientKey.Kind.ADDRESS && this.warnedAboutAddresses.compareAndSet(false, true)) {
			logger.warn("An idempotent request came without authentication, so its Idempotency-Key is scoped by "
					+ "client address only: clients behind one address (NAT, proxy) share keys and could receive "
					+ "each other's responses. Authenticate these endpoints, or declare a ClientKeyResolver bean.");
		}
	}

}
