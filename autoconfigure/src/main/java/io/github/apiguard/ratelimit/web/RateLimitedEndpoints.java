package io.github.apiguard.ratelimit.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.github.apiguard.ratelimit.Charge;
import io.github.apiguard.ratelimit.Limit;
import io.github.apiguard.ratelimit.RateLimitPolicy;
import io.github.apiguard.ratelimit.RateLimited;

/**
 * The one answer to "which rate limits does this endpoint declare": the {@link RateLimitInterceptor} charges
 * by it, the start-up check fails on what it cannot resolve, and the OpenAPI customizer documents it, so the
 * document cannot disagree with run time.
 * <p>
 * It is computed once, when the context is ready, for every handler method of the
 * {@link RequestMappingHandlerMapping}s: the handler's {@link RateLimited @RateLimited} policy, and the
 * path policies ({@code apiguard.rate-limit.policies.<name>.paths}) that match every path of its routes. A
 * path policy that matches only some of the paths a route can match (a policy on {@code /v1/builds/special}
 * and a route {@code /v1/builds/{id}}) is path dependent: only it is matched per request. The charges of
 * each endpoint and tier are built once, so a request costs a lookup of its handler method. Handlers
 * registered later are resolved on their first request, and handlers that are not methods (static
 * resources, view controllers) are matched by path on every request, as are all requests when the
 * {@code DispatcherServlet} is mapped to a path prefix.
 */
public class RateLimitedEndpoints implements SmartInitializingSingleton {

	/** Beyond this many path-dependent policies per endpoint, charges are built per request. */
	private static final int MAX_CACHED_DEPENDENT = 6;

	private final Map<String, RateLimitPolicy> policies;

	private final List<RateLimitPolicy> pathPolicies;

	private final Map<RateLimitPolicy, List<PathPattern>> pathPatterns = new IdentityHashMap<>();

	private final String defaultTier;

	private final @Nullable ObjectProvider<RequestMappingHandlerMapping> mappings;

	private final Endpoint byPathOnly;

	private volatile Map<Method, Endpoint[]> endpoints = Map.of();

	/**
	 * Creates the endpoints, resolved from the handler mappings once the context is ready.
	 * @param policies the policies by name, in their configured order
	 * @param defaultTier the tier whose limits apply to tiers a policy has no limits for
	 * @param mappings the application's handler mappings, or {@code null} to resolve each handler on its first
	 * request, matching path policies per request
	 */
	public RateLimitedEndpoints(Map<String, RateLimitPolicy> policies, String defaultTier,
			@Nullable ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
		this.defaultTier = defaultTier;
		this.mappings = mappings;
		List<RateLimitPolicy> withPaths = new ArrayList<>();
		for (RateLimitPolicy policy : policies.values()) {
			if (!policy.paths().isEmpty()) {
				withPaths.add(policy);
				this.pathPatterns.put(policy,
						policy.paths().stream().map(PathPatternParser.defaultInstance::parse).toList());
			}
		}
		this.pathPolicies = List.copyOf(withPaths);
		this.byPathOnly = new Endpoint(Object.class, null, null, List.of(), this.pathPolicies);
		this.byPathOnly.prepare(this);
	}

	/**
	 * The policies, by name.
	 * @return the policies
	 */
	public Map<String, RateLimitPolicy> policies() {
		return this.policies;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		Map<Method, Endpoint[]> resolved = new IdentityHashMap<>();
		forEachHandler((method, patterns) -> {
			String problem = problem(method);
			if (problem != null) {
				problems.add(problem);
				return;
			}
			put(resolved, resolve(method, patterns));
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("@RateLimited handlers refer to unknown policies or invalid costs "
					+ "(configured under apiguard.rate-limit.policies: " + this.policies.keySet() + "):\n  "
					+ String.join("\n  ", problems));
		}
		this.endpoints = resolved;
	}

	/**
	 * What a handler declares.
	 * @param handler the handler, usually a {@link HandlerMethod}
	 * @return the endpoint
	 * @throws IllegalStateException when its {@link RateLimited @RateLimited} names an unknown policy (a
	 * handler registered after start-up, which the start-up check did not see)
	 */
	public Endpoint endpoint(Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return this.byPathOnly;
		}
		Endpoint[] candidates = this.endpoints.get(method.getMethod());
		if (candidates != null) {
			Class<?> beanType = method.getBeanType();
			for (Endpoint candidate : candidates) {
				if (candidate.beanType == beanType) {
					return candidate;
				}
			}
		}
		return resolveLate(method);
	}

	/**
	 * The charges of a request, by its handler and path.
	 * @param request the request
	 * @param handler its handler
	 * @return the charges per tier, or {@code null} when no policy applies
	 */
	@Nullable Tiers tiers(HttpServletRequest request, Object handler) {
		Endpoint endpoint = endpoint(handler);
		if (request.getPathInfo() != null && !this.pathPolicies.isEmpty()) {
			// A DispatcherServlet mapped to a prefix (/api/*) matches routes within it, while policies match
			// the path within the application: what a route is tells nothing certain, so match every policy.
			return endpoint.byPath(this, path(request));
		}
		if (endpoint.dependent.isEmpty()) {
			return endpoint.fixed;
		}
		return endpoint.tiers(this, path(request));
	}

	private static PathContainer path(HttpServletRequest request) {
		return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
	}

	private synchronized Endpoint resolveLate(HandlerMethod method) {
		Endpoint[] candidates = this.endpoints.get(method.getMethod());
		if (candidates != null) {
			for (Endpoint candidate : candidates) {
				if (candidate.beanType == method.getBeanType()) {
					return candidate;
				}
			}
		}
		String problem = problem(method);
		if (problem != null) {
			throw new IllegalStateException(problem + ", which is not configured under apiguard.rate-limit.policies"
					+ " or not a valid cost; known: " + this.policies.keySet());
		}
		// A mapping registered after start-up: its routes are read now; without them, every path policy is
		// matched per request, which is always right.
		Set<String> patterns = new LinkedHashSet<>();
		forEachHandler((candidate, routes) -> {
			if (candidate.getMethod().equals(method.getMethod()) && candidate.getBeanType() == method.getBeanType()) {
				patterns.addAll(routes);
			}
		});
		Endpoint endpoint = resolve(method, patterns);
		Map<Method, Endpoint[]> copy = new IdentityHashMap<>(this.endpoints);
		put(copy, endpoint);
		this.endpoints = copy;
		return endpoint;
	}

	private static void put(Map<Method, Endpoint[]> endpoints, Endpoint endpoint) {
		Endpoint[] existing = endpoints.get(endpoint.method);
		if (existing == null) {
			endpoints.put(endpoint.method, new Endpoint[] { endpoint });
			return;
		}
		for (Endpoint candidate : existing) {
			if (candidate.beanType == endpoint.beanType) {
				return;
			}
		}
		Endpoint[] grown = java.util.Arrays.copyOf(existing, existing.length + 1);
		grown[existing.length] = endpoint;
		endpoints.put(endpoint.method, grown);
	}

	private void forEachHandler(java.util.function.BiConsumer<HandlerMethod, Set<String>> action) {
		if (this.mappings == null) {
			return;
		}
		Map<Method, Map<Class<?>, HandlerMethod>> methods = new IdentityHashMap<>();
		Map<HandlerMethod, Set<String>> routes = new LinkedHashMap<>();
		this.mappings.orderedStream().forEach((mapping) -> {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				HandlerMethod method = entry.getValue();
				// One handler method mapped twice (two infos, two mappings) is one endpoint with all its routes.
				HandlerMethod key = methods.computeIfAbsent(method.getMethod(), (m) -> new LinkedHashMap<>())
					.computeIfAbsent(method.getBeanType(), (type) -> method);
				routes.computeIfAbsent(key, (k) -> new LinkedHashSet<>()).addAll(entry.getKey().getPatternValues());
			}
		});
		routes.forEach(action);
	}

	private @Nullable String problem(HandlerMethod method) {
		RateLimited annotation = annotation(method);
		if (annotation == null) {
			return null;
		}
		if (!this.policies.containsKey(annotation.policy())) {
			return method + " names policy '" + annotation.policy() + "'";
		}
		if (annotation.cost() < 1) {
			return method + " has cost " + annotation.cost() + "; the cost must be at least 1";
		}
		return null;
	}

	private Endpoint resolve(HandlerMethod method, Set<String> routes) {
		RateLimited annotation = annotation(method);
		RateLimitPolicy annotated = (annotation != null) ? this.policies.get(annotation.policy()) : null;
		List<RateLimitPolicy> always = new ArrayList<>();
		List<RateLimitPolicy> dependent = new ArrayList<>();
		for (RateLimitPolicy policy : this.pathPolicies) {
			PathOverlap.Overlap overlap = routes.isEmpty() ? PathOverlap.Overlap.SOME : overlap(routes, policy);
			if (overlap == PathOverlap.Overlap.ALL) {
				always.add(policy);
			}
			else if (overlap == PathOverlap.Overlap.SOME) {
				dependent.add(policy);
			}
		}
		Endpoint endpoint = new Endpoint(method.getBeanType(), method.getMethod(),
				(annotated != null) ? new Annotated(annotated, annotation.cost()) : null, always, dependent);
		endpoint.prepare(this);
		return endpoint;
	}

	private static PathOverlap.Overlap overlap(Set<String> routes, RateLimitPolicy policy) {
		PathOverlap.Overlap combined = null;
		for (String route : routes) {
			PathOverlap.Overlap any = PathOverlap.Overlap.NONE;
			for (String path : policy.paths()) {
				PathOverlap.Overlap overlap = PathOverlap.of(route, path);
				if (overlap == PathOverlap.Overlap.ALL) {
					any = overlap;
					break;
				}
				if (overlap == PathOverlap.Overlap.SOME) {
					any = overlap;
				}
			}
			if (combined == null) {
				combined = any;
			}
			else if (combined != any) {
				return PathOverlap.Overlap.SOME;
			}
		}
		return (combined != null) ? combined : PathOverlap.Overlap.SOME;
	}

	private Tiers tiers(Map<RateLimitPolicy, Long> applicable) {
		Set<String> named = new LinkedHashSet<>();
		applicable.keySet().forEach((policy) -> named.addAll(policy.limits().keySet()));
		Map<String, Applied> byTier = new java.util.HashMap<>();
		for (String tier : named) {
			byTier.put(tier, applied(applicable, tier));
		}
		// Any other tier gets each policy's default-tier limits.
		return new Tiers(byTier, applied(applicable, null));
	}

	private Applied applied(Map<RateLimitPolicy, Long> applicable, @Nullable String tier) {
		List<Charge> charges = new ArrayList<>();
		List<String> names = new ArrayList<>();
		applicable.forEach((policy, cost) -> {
			names.add(policy.name());
			List<Limit> limits = (tier != null) ? policy.limitsFor(tier, this.defaultTier)
					: policy.limits().getOrDefault(this.defaultTier, List.of());
			for (Limit limit : limits) {
				charges.add(new Charge(policy.name(), limit, cost));
			}
		});
		return new Applied(List.copyOf(charges), List.copyOf(names));
	}

	/**
	 * The {@link RateLimited} annotation of a handler, on its method or its class.
	 * @param method the handler
	 * @return the annotation, or {@code null}
	 */
	static @Nullable RateLimited annotation(HandlerMethod method) {
		RateLimited onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
		return (onMethod != null) ? onMethod
				: AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
	}

	private record Annotated(RateLimitPolicy policy, long cost) {
	}

	/**
	 * What one endpoint declares: the policies charged on every request, and those whose paths match only
	 * some of its paths.
	 */
	public static final class Endpoint {

		private final Class<?> beanType;

		private final @Nullable Method method;

		private final @Nullable Annotated annotated;

		private final List<RateLimitPolicy> always;

		private final List<RateLimitPolicy> dependent;

		private @Nullable Tiers fixed;

		private final @Nullable AtomicReferenceArray<Optional<Tiers>> byMatches;

		Endpoint(Class<?> beanType, @Nullable Method method, @Nullable Annotated annotated,
				List<RateLimitPolicy> always, List<RateLimitPolicy> dependent) {
			this.beanType = beanType;
			this.method = method;
			this.annotated = annotated;
			this.always = List.copyOf(always);
			this.dependent = List.copyOf(dependent);
			this.byMatches = (!dependent.isEmpty() && dependent.size() <= MAX_CACHED_DEPENDENT)
					? new AtomicReferenceArray<>(1 << dependent.size()) : null;
		}

		/**
		 * The names of the policies charged on every request of this endpoint, in the order they are charged.
		 * @return the names; empty when none is
		 */
		public List<String> policies() {
			List<String> names = new ArrayList<>();
			this.always.forEach((policy) -> names.add(policy.name()));
			if (this.annotated != null && !names.contains(this.annotated.policy().name())) {
				names.add(this.annotated.policy().name());
			}
			return names;
		}

		/**
		 * The names of the path policies that apply to some of this endpoint's paths only.
		 * @return the names; empty when every request of the endpoint is limited alike
		 */
		public List<String> pathDependentPolicies() {
			// The annotated policy applies whatever the path; only where it is charged in the order may vary.
			return this.dependent.stream()
				.filter((policy) -> this.annotated == null || policy != this.annotated.policy())
				.map(RateLimitPolicy::name)
				.toList();
		}

		/**
		 * Whether any request of this endpoint can be rate limited.
		 * @return whether a policy applies to all or some of its requests
		 */
		public boolean limited() {
			return this.annotated != null || !this.always.isEmpty() || !this.dependent.isEmpty();
		}

		/**
		 * Whether every request of this endpoint is rate limited alike, whatever its path.
		 * @return whether no policy is path dependent
		 */
		public boolean pathIndependent() {
			return pathDependentPolicies().isEmpty();
		}

		private @Nullable Tiers tiers(RateLimitedEndpoints endpoints, PathContainer path) {
			int matches = 0;
			for (int i = 0; i < this.dependent.size(); i++) {
				for (PathPattern pattern : endpoints.pathPatterns.get(this.dependent.get(i))) {
					if (pattern.matches(path)) {
						matches |= 1 << i;
						break;
					}
				}
			}
			if (this.byMatches == null) {
				return build(endpoints, matches);
			}
			Optional<Tiers> cached = this.byMatches.get(matches);
			if (cached == null) {
				cached = Optional.ofNullable(build(endpoints, matches));
				this.byMatches.set(matches, cached);
			}
			return cached.orElse(null);
		}

		private @Nullable Tiers build(RateLimitedEndpoints endpoints, int matches) {
			// In the order they were always charged: path policies as configured, then the annotated one.
			Map<RateLimitPolicy, Long> applicable = new LinkedHashMap<>();
			for (RateLimitPolicy policy : endpoints.pathPolicies) {
				int index = this.dependent.indexOf(policy);
				if (this.always.contains(policy) || (index >= 0 && (matches & (1 << index)) != 0)) {
					// The annotation's cost wins over the path cost of the same policy: it is the more specific.
					applicable.put(policy, (this.annotated != null && this.annotated.policy() == policy)
							? this.annotated.cost() : policy.cost());
				}
			}
			if (this.annotated != null) {
				applicable.putIfAbsent(this.annotated.policy(), this.annotated.cost());
			}
			return applicable.isEmpty() ? null : endpoints.tiers(applicable);
		}

		private @Nullable Tiers byPath(RateLimitedEndpoints endpoints, PathContainer path) {
			Map<RateLimitPolicy, Long> applicable = new LinkedHashMap<>();
			for (RateLimitPolicy policy : endpoints.pathPolicies) {
				for (PathPattern pattern : endpoints.pathPatterns.get(policy)) {
					if (pattern.matches(path)) {
						applicable.put(policy, (this.annotated != null && this.annotated.policy() == policy)
								? this.annotated.cost() : policy.cost());
						break;
					}
				}
			}
			if (this.annotated != null) {
				applicable.putIfAbsent(this.annotated.policy(), this.annotated.cost());
			}
			return applicable.isEmpty() ? null : endpoints.tiers(applicable);
		}

		void prepare(RateLimitedEndpoints endpoints) {
			if (this.dependent.isEmpty()) {
				this.fixed = build(endpoints, 0);
			}
		}

	}

	/**
	 * The charges of one endpoint (and, when path dependent, one set of matching policies), per tier.
	 */
	static final class Tiers {

		private final Map<String, Applied> byTier;

		private final Applied otherTiers;

		Tiers(Map<String, Applied> byTier, Applied otherTiers) {
			this.byTier = Map.copyOf(byTier);
			this.otherTiers = otherTiers;
		}

		Applied forTier(String tier) {
			Applied applied = this.byTier.get(tier);
			return (applied != null) ? applied : this.otherTiers;
		}

	}

	/**
	 * What a request of one tier is charged, and the policies it is charged by (for the listener, also when
	 * a policy has no limits for the tier).
	 *
	 * @param charges the charges, in order
	 * @param policies the policy names, in order
	 */
	record Applied(List<Charge> charges, List<String> policies) {
	}

}
