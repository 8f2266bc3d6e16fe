package io.github.apiguard.ratelimit.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Decision;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.LimitStatus;
import io.github.apiguard.ratelimit.RateLimitListener;
import io.github.apiguard.ratelimit.RateLimitErrorCode;
import io.github.apiguard.ratelimit.RateLimitPolicy;
import io.github.apiguard.ratelimit.RateLimitTierResolver;
import io.github.apiguard.ratelimit.RateLimited;
import io.github.apiguard.ratelimit.RateLimiter;
import io.github.apiguard.ratelimit.RateLimiterUnavailableException;

import io.github.apiguard.client.ClientKey;
import io.github.apiguard.client.ClientKeyResolver;
import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.RetryAfter;
import io.github.apiguard.errors.web.ApiErrorRenderer;

/**
 * Enforces rate limits before a handler runs: it charges the limits that {@link RateLimitedEndpoints} resolved
 * for the handler (the policies whose paths match and the handler's {@link RateLimited @RateLimited}
 * policy), for the client's tier, all at once,
 * and either lets the request through with the {@code X-RateLimit-*} headers of the most restrictive limit,
 * or answers the violated limit's error (429, or e.g. 402 for a billing quota) in the configured envelope.
 * <p>
 * It is registered at order 200, behind the idempotency interceptor (100): a replayed idempotent response
 * is answered before this interceptor runs, so a replay consumes no quota. Only the original dispatch is
 * limited, not error or async dispatches of the same request.
 */
public class RateLimitInterceptor implements HandlerInterceptor {

	/** The request attribute holding the {@link Decision}, for handlers that want to show the quota. */
	public static final String DECISION_ATTRIBUTE = RateLimitInterceptor.class.getName() + ".decision";

	/** The details the error body can carry, in the order they are written. */
	public static final List<String> DETAILS = List.of("limit", "remaining", "reset_at", "retry_after", "policy",
			"limit_name", "tier");

	private final RateLimitedEndpoints endpoints;

	private final ClientKeyResolver clientKeys;

	private final RateLimitTierResolver tiers;

	private final RateLimiter limiter;

	private final ApiErrorRenderer renderer;

	private final RateLimitHeaders headers;

	private final List<String> details;

	private final Clock clock;

	private final RateLimitListener listener;

	/**
	 * Creates an interceptor that resolves each handler on its first request.
	 * @param policies the policies by name
	 * @param defaultTier the tier whose limits apply to tiers a policy has no limits for
	 * @param clientKeys tells clients apart
	 * @param tiers maps clients to tiers
	 * @param limiter charges requests
	 * @param renderer writes errors
	 * @param headers which headers to send
	 * @param details which details of {@link #DETAILS} an error body carries
	 * @param clock the clock for relative header values
	 */
	public RateLimitInterceptor(Map<String, RateLimitPolicy> policies, String defaultTier, ClientKeyResolver clientKeys,
			RateLimitTierResolver tiers, RateLimiter limiter, ApiErrorRenderer renderer, RateLimitHeaders headers,
			List<String> details, Clock clock) {
		this(policies, defaultTier, clientKeys, tiers, limiter, renderer, headers, details, clock, RateLimitListener.NONE);
	}

	/**
	 * Creates an interceptor that resolves each handler on its first request and tells a listener about its
	 * decisions.
	 * @param policies the policies by name
	 * @param defaultTier the tier whose limits apply to tiers a policy has no limits for
	 * @param clientKeys tells clients apart
	 * @param tiers maps clients to tiers
	 * @param limiter charges requests
	 * @param renderer writes errors
	 * @param headers which headers to send
	 * @param details which details of {@link #DETAILS} an error body carries
	 * @param clock the clock for relative header values
	 * @param listener told about decisions (the limiter's latency is timed around the limiter itself)
	 */
	public RateLimitInterceptor(Map<String, RateLimitPolicy> policies, String defaultTier, ClientKeyResolver clientKeys,
			RateLimitTierResolver tiers, RateLimiter limiter, ApiErrorRenderer renderer, RateLimitHeaders headers,
			List<String> details, Clock clock, RateLimitListener listener) {
		this(new RateLimitedEndpoints(policies, defaultTier, null), clientKeys, tiers, limiter, renderer, headers,
				details, clock, listener);
	}

	/**
	 * Creates an interceptor.
	 * @param endpoints what each endpoint declares
	 * @param clientKeys tells clients apart
	 * @param tiers maps clients to tiers
	 * @param limiter charges requests
	 * @param renderer writes errors
	 * @param headers which headers to send
	 * @param details which details of {@link #DETAILS} an error body carries
	 * @param clock the clock for relative header values
	 * @param listener told about decisions and the limiter's latency
	 */
	public RateLimitInterceptor(RateLimitedEndpoints endpoints, ClientKeyResolver clientKeys,
			RateLimitTierResolver tiers, RateLimiter limiter, ApiErrorRenderer renderer, RateLimitHeaders headers,
			List<String> details, Clock clock, RateLimitListener listener) {
		this.endpoints = endpoints;
		this.listener = listener;
		this.clientKeys = clientKeys;
		this.tiers = tiers;
		this.limiter = limiter;
		this.renderer = renderer;
		this.headers = headers;
		this.details = List.copyOf(details);
		this.clock = clock;
		for (String detail : this.details) {
			if (!DETAILS.contains(detail)) {
				throw new IllegalArgumentException("Unknown rate-limit detail '" + detail + "'; known: " + DETAILS);
			}
		}
	}

	/**
	 * The policies this interceptor enforces.
	 * @return the policies by name
	 */
	public Map<String, RateLimitPolicy> policies() {
		return this.endpoints.policies();
	}

	/**
	 * What each endpoint declares, as this interceptor charges it.
	 * @return the endpoints
	 */
	public RateLimitedEndpoints endpoints() {
		return this.endpoints;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			return true;
		}
		RateLimitedEndpoints.Tiers limits = this.endpoints.tiers(request, handler);
		if (limits == null) {
			return true;
		}
		String tier = this.tiers.resolve(request);
		RateLimitedEndpoints.Applied applied = limits.forTier(tier);
		List<Charge> charges = applied.charges();
		if (charges.isEmpty()) {
			return true;
		}
		ClientKey client = this.clientKeys.resolve(request);
		List<String> policies = applied.policies();
		Decision decision;
		try {
			decision = this.limiter.tryAcquire(client.value(), charges);
		}
		catch (RateLimiterUnavailableException ex) {
			for (int i = 0; i < policies.size(); i++) {
				this.listener.decided(policies.get(i), tier, RateLimitListener.Outcome.UNAVAILABLE);
			}
			ApiError.Builder unavailable = this.renderer.catalog().error(BuiltInErrorCode.SERVICE_UNAVAILABLE).cause(ex);
			if (ex.retryAfter() != null) {
				unavailable.header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.ofRejection(ex.retryAfter())));
			}
			this.renderer.write(unavailable.build(), request, response);
			return false;
		}
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		this.headers.write(decision, this.clock, response);
		if (decision.allowed()) {
			for (int i = 0; i < policies.size(); i++) {
				this.listener.decided(policies.get(i), tier, RateLimitListener.Outcome.ALLOWED);
			}
			return true;
		}
		decision.statuses()
			.stream()
			.filter((status) -> !status.conforming())
			.map((status) -> status.charge().policy())
			.distinct()
			.forEach((policy) -> this.listener.decided(policy, tier, RateLimitListener.Outcome.REJECTED));
		LimitStatus violated = RateLimitHeaders.mostRestrictive(decision);
		this.renderer.write(error(violated, decision, tier), request, response);
		return false;
	}

	private ApiError error(LimitStatus violated, Decision decision, String tier) {
		Limit limit = violated.limit();
		ErrorCatalog catalog = this.renderer.catalog();
		ApiError.Builder builder = catalog.error(errorCode(limit, catalog));
		if (limit.status() != null) {
			builder.status(limit.status()).retryable(ErrorCode.isRetryableStatus(limit.status()));
		}
		long retryAfter = RetryAfter.seconds(decision.retryAfter());
		Instant resetAt = RetryAfter.ceiling(violated.resetAt());
		if (limit.message() != null) {
			builder.message(limit.message()
				.replace("{limit}", Long.toString(limit.quota()))
				.replace("{remaining}", Long.toString(violated.remaining()))
				.replace("{retry_after}", Long.toString(retryAfter))
				.replace("{reset_at}", resetAt.toString())
				.replace("{policy}", violated.charge().policy())
				.replace("{limit_name}", limit.name())
				.replace("{tier}", tier));
		}
		for (String detail : this.details) {
			builder.detail(detail, switch (detail) {
				case "limit" -> limit.quota();
				case "remaining" -> violated.remaining();
				case "reset_at" -> resetAt;
				case "retry_after" -> retryAfter;
				case "policy" -> violated.charge().policy();
				case "limit_name" -> limit.name();
				default -> tier;
			});
		}
		List<String> names = RateLimitHeaders.policyNames(decision);
		List<String> violatedPolicies = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			if (!decision.statuses().get(i).conforming()) {
				violatedPolicies.add(names.get(i));
			}
		}
		QuotaExceededProblem.apply(builder, violatedPolicies);
		ApiError error = builder.build();
		if (error.status() == 429 || error.status() == 503) {
			return error.mutate().header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.ofRejection(decision.retryAfter()))).build();
		}
		return error;
	}

	private static ErrorCode errorCode(Limit limit, ErrorCatalog catalog) {
		ApiguardErrorCode builtIn = limit.isQuota() ? RateLimitErrorCode.QUOTA_EXCEEDED : BuiltInErrorCode.RATE_LIMIT_EXCEEDED;
		if (limit.code() == null) {
			return builtIn;
		}
		// A code spelled like a built-in one (seed 000's monthly limit answers rate_limit_exceeded) keeps
		// that code's configured message and title.
		for (Map.Entry<ApiguardErrorCode, ErrorCode> entry : catalog.builtInCodes().entrySet()) {
			if (entry.getValue().code().equals(limit.code())) {
				return entry.getKey();
			}
		}
		int status = (limit.status() != null) ? limit.status() : 429;
		return ErrorCode.of(limit.code(), status, catalog.resolve(builtIn).defaultMessage());
	}

}
