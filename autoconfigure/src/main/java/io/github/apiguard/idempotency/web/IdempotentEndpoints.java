package io.github.apiguard.idempotency.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.github.apiguard.idempotency.Idempotent;

/**
 * The one answer to "does this endpoint honour an {@code Idempotency-Key}": the
 * {@link IdempotencyInterceptor} guards by it, the start-up check refuses what it cannot honour, and the
 * OpenAPI customizer documents it, so the document cannot disagree with run time.
 * <p>
 * Computed once the context is ready, for every handler method of the {@link RequestMappingHandlerMapping}s
 * (a handler registered later is resolved on its first request). Start-up fails when an {@link Idempotent}
 * handler cannot be replayed: one that streams ({@code StreamingResponseBody}, {@code SseEmitter},
 * {@code ResponseBodyEmitter}) or completes asynchronously ({@code Callable}, {@code DeferredResult},
 * {@code WebAsyncTask}, {@code CompletableFuture}, reactive types), an {@code @Idempotent(ttl = ...)} that
 * does not parse, or a transactional one without a store that supports it. A handler that is not annotated
 * but streams is never guarded: it neither requires nor honours a key.
 */
public class IdempotentEndpoints implements SmartInitializingSingleton {

	private static final List<Class<?>> NOT_REPLAYABLE = List.of(StreamingResponseBody.class,
			ResponseBodyEmitter.class, Callable.class, DeferredResult.class, WebAsyncTask.class, CompletionStage.class,
			Future.class);

	private final @Nullable ObjectProvider<RequestMappingHandlerMapping> mappings;

	private final IdempotencyPolicy policy;

	private final boolean transactionalSupported;

	private volatile Map<Method, Endpoint[]> endpoints = Map.of();

	/**
	 * Creates the endpoints, for a store without transactional claims.
	 * @param mappings the handler mappings, or {@code null} to resolve each handler on its first request
	 * @param policy the policy (for the default TTL and the lease)
	 */
	public IdempotentEndpoints(@Nullable ObjectProvider<RequestMappingHandlerMapping> mappings,
			IdempotencyPolicy policy) {
		this(mappings, policy, false);
	}

	/**
	 * Creates the endpoints.
	 * @param mappings the handler mappings, or {@code null} to resolve each handler on its first request
	 * @param policy the policy (for the default TTL, the lease and the transactional default)
	 * @param transactionalSupported whether transactional idempotency is available (the JDBC store, with its
	 * {@link IdempotencyTransactionListener}): without it, {@code @Idempotent(transactional = true)} and
	 * {@code apiguard.idempotency.jdbc.transactional=true} fail startup
	 */
	public IdempotentEndpoints(@Nullable ObjectProvider<RequestMappingHandlerMapping> mappings,
			IdempotencyPolicy policy, boolean transactionalSupported) {
		this.mappings = mappings;
		this.policy = policy;
		this.transactionalSupported = transactionalSupported;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.policy.transactional() && !this.transactionalSupported) {
			// Said before any handler's problem: a property no store honours would silently promise nothing.
			throw new IllegalStateException("apiguard.idempotency.jdbc.transactional=true needs the JDBC idempotency "
					+ "store: set apiguard.idempotency.store=jdbc (with a DataSource), or remove the property");
		}
		List<String> problems = new ArrayList<>();
		Map<Method, Endpoint[]> resolved = new IdentityHashMap<>();
		if (this.mappings != null) {
			this.mappings.orderedStream().forEach((mapping) -> {
				for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
					HandlerMethod method = entry.getValue();
					List<String> found = problems(method);
					if (found.isEmpty()) {
						put(resolved, resolve(method, entry.getKey()));
					}
					problems.addAll(found);
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("@Idempotent cannot be applied to these handlers (return the complete "
					+ "body, or mark them @Idempotent(exempt = true)):\n  " + String.join("\n  ", problems));
		}
		this.endpoints = resolved;
	}

	/**
	 * What a handler method declares.
	 * @param method the handler method
	 * @return the endpoint
	 * @throws IllegalArgumentException when its {@code @Idempotent(ttl = ...)} does not parse (a handler
	 * registered after start-up, which the start-up check did not see)
	 */
	public Endpoint endpoint(HandlerMethod method) {
		Endpoint found = find(this.endpoints, method);
		return (found != null) ? found : resolveLate(method);
	}

	private static @Nullable Endpoint find(Map<Method, Endpoint[]> endpoints, HandlerMethod method) {
		Endpoint[] candidates = endpoints.get(method.getMethod());
		if (candidates != null) {
			Class<?> beanType = method.getBeanType();
			for (Endpoint candidate : candidates) {
				if (candidate.beanType == beanType) {
					return candidate;
				}
			}
		}
		return null;
	}

	private synchronized Endpoint resolveLate(HandlerMethod method) {
		Endpoint found = find(this.endpoints, method);
		if (found != null) {
			return found;
		}
		RequestMappingInfo info = null;
		if (this.mappings != null) {
			info = this.mappings.orderedStream()
				.flatMap((mapping) -> mapping.getHandlerMethods().entrySet().stream())
				.filter((entry) -> entry.getValue().getMethod().equals(method.getMethod())
						&& entry.getValue().getBeanType() == method.getBeanType())
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
		}
		Endpoint endpoint = resolve(method, info);
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
		for (int i = 0; i < existing.length; i++) {
			if (existing[i].beanType == endpoint.beanType) {
				// Mapped twice: one endpoint with both mappings' methods.
				existing[i] = existing[i].withMethodsOf(endpoint);
				return;
			}
		}
		Endpoint[] grown = Arrays.copyOf(existing, existing.length + 1);
		grown[existing.length] = endpoint;
		endpoints.put(endpoint.method, grown);
	}

	private List<String> problems(HandlerMethod method) {
		Idempotent annotation = annotation(method);
		if (annotation == null || annotation.exempt()) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		if (isStreamingOrAsync(method)) {
			problems.add(method + " returns " + method.getReturnType().getParameterType().getSimpleName()
					+ ", which streams or completes asynchronously and cannot be replayed");
		}
		if (annotation.transactional() && !this.transactionalSupported) {
			problems.add(method + ": @Idempotent(transactional = true) needs the JDBC idempotency store "
					+ "(apiguard.idempotency.store=jdbc, with a DataSource)");
		}
		try {
			ttl(annotation, this.policy.ttl(), this.policy.lease());
		}
		catch (IllegalArgumentException ex) {
			problems.add(method + ": " + ex.getMessage());
		}
		return problems;
	}

	private Endpoint resolve(HandlerMethod method, @Nullable RequestMappingInfo info) {
		Idempotent annotation = annotation(method);
		boolean streaming = isStreamingOrAsync(method);
		// Empty: any method (a mapping without one, or a handler whose mapping is not known).
		Set<String> mapped = new LinkedHashSet<>();
		if (info != null) {
			info.getMethodsCondition().getMethods().forEach((requestMethod) -> mapped.add(requestMethod.name()));
		}
		if (annotation == null) {
			return new Endpoint(method.getBeanType(), method.getMethod(), false, false, this.policy.requireKey(),
					this.policy.ttl(), streaming, this.policy.transactional(), this.policy.methods(), mapped);
		}
		Duration ttl = annotation.exempt() ? this.policy.ttl() : ttl(annotation, this.policy.ttl(), this.policy.lease());
		return new Endpoint(method.getBeanType(), method.getMethod(), true, annotation.exempt(),
				annotation.required() || this.policy.requireKey(), ttl, streaming,
				annotation.transactional() || this.policy.transactional(), this.policy.methods(), mapped);
	}

	/**
	 * The annotation of a handler method, else of its controller.
	 * @param method the handler method
	 * @return the annotation, or {@code null}
	 */
	static @Nullable Idempotent annotation(HandlerMethod method) {
		Idempotent annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Idempotent.class);
		return (annotation != null) ? annotation
				: AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Idempotent.class);
	}

	/**
	 * The TTL an annotation asks for.
	 * @param annotation the annotation
	 * @param defaultTtl the default TTL
	 * @param lease the lease, the shortest TTL allowed
	 * @return the TTL
	 * @throws IllegalArgumentException if the TTL cannot be parsed or is shorter than the lease
	 */
	static Duration ttl(Idempotent annotation, Duration defaultTtl, Duration lease) {
		if (annotation.ttl().isEmpty()) {
			return defaultTtl;
		}
		Duration ttl = DurationStyle.detectAndParse(annotation.ttl());
		if (ttl.compareTo(lease) < 0) {
			throw new IllegalArgumentException(
					"@Idempotent(ttl = \"" + annotation.ttl() + "\") is shorter than the lease (" + lease + ")");
		}
		return ttl;
	}

	/**
	 * Whether a handler streams its body or completes asynchronously, so its response cannot be captured.
	 * @param method the handler
	 * @return whether it is not replayable
	 */
	public static boolean isStreamingOrAsync(HandlerMethod method) {
		MethodParameter returnType = method.getReturnType();
		Class<?> type = returnType.getParameterType();
		if (HttpEntity.class.isAssignableFrom(type)) {
			type = ResolvableType.forMethodParameter(returnType).as(HttpEntity.class).getGeneric(0).resolve(Object.class);
		}
		for (Class<?> notReplayable : NOT_REPLAYABLE) {
			if (notReplayable.isAssignableFrom(type)) {
				return true;
			}
		}
		return ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null;
	}

	/**
	 * What one handler method declares about idempotency.
	 */
	public static final class Endpoint {

		private final Class<?> beanType;

		private final Method method;

		private final boolean annotated;

		private final boolean exempt;

		private final boolean required;

		private final Duration ttl;

		private final boolean streaming;

		private final boolean transactional;

		private final Set<String> policyMethods;

		private final Set<String> mappedMethods;

		// Set once a transactional request of this handler committed nothing on the store's DataSource: its writes
		// are not where the mark can vouch for them, so its claims are made plain from then on.
		private volatile boolean writesOutsideStoreTransactions;

		Endpoint(Class<?> beanType, Method method, boolean annotated, boolean exempt, boolean required, Duration ttl,
				boolean streaming, boolean transactional, Set<String> policyMethods, Set<String> mappedMethods) {
			this.beanType = beanType;
			this.method = method;
			this.annotated = annotated;
			this.exempt = exempt;
			this.required = required;
			this.ttl = ttl;
			this.streaming = streaming;
			this.transactional = transactional;
			this.policyMethods = policyMethods;
			this.mappedMethods = Set.copyOf(mappedMethods);
		}

		Endpoint withMethodsOf(Endpoint other) {
			if (this.mappedMethods.isEmpty() || other.mappedMethods.isEmpty()) {
				return new Endpoint(this.beanType, this.method, this.annotated, this.exempt, this.required, this.ttl,
						this.streaming, this.transactional, this.policyMethods, Set.of());
			}
			Set<String> both = new LinkedHashSet<>(this.mappedMethods);
			both.addAll(other.mappedMethods);
			return new Endpoint(this.beanType, this.method, this.annotated, this.exempt, this.required, this.ttl,
					this.streaming, this.transactional, this.policyMethods, both);
		}

		/**
		 * Whether a request with this HTTP method is guarded: its key validated, claimed and replayed.
		 * @param httpMethod the request's method, e.g. {@code POST}
		 * @return whether the endpoint honours (and, when {@link #required()}, requires) a key for it
		 */
		public boolean guards(String httpMethod) {
			if (this.exempt) {
				return false;
			}
			if (!this.annotated) {
				// A stream cannot be replayed: without an annotation asking for it, no key is asked for either.
				return !this.streaming && this.policyMethods.contains(httpMethod);
			}
			return true;
		}

		/**
		 * The HTTP methods whose requests are guarded, of those the handler is mapped to.
		 * @return the methods, e.g. {@code [POST]}; empty when none is
		 */
		public Set<String> guardedMethods() {
			Set<String> candidates = new LinkedHashSet<>();
			if (this.mappedMethods.isEmpty()) {
				Arrays.stream(RequestMethod.values()).forEach((method) -> candidates.add(method.name()));
			}
			else {
				candidates.addAll(this.mappedMethods);
			}
			candidates.removeIf((method) -> !guards(method));
			return candidates;
		}

		/**
		 * Whether the HTTP methods the handler is mapped to are all guarded, or all not: then its operations
		 * are documented alike.
		 * @return whether guarding does not depend on the request's method
		 */
		public boolean guardsEveryMappedMethod() {
			return !this.mappedMethods.isEmpty() && guardedMethods().size() == this.mappedMethods.size();
		}

		/**
		 * Whether it is annotated {@link Idempotent @Idempotent} (on the method or its class).
		 * @return whether it is annotated
		 */
		public boolean annotated() {
			return this.annotated;
		}

		/**
		 * Whether the annotation exempts it.
		 * @return whether it is exempt
		 */
		public boolean exempt() {
			return this.exempt;
		}

		/**
		 * Whether a guarded request must carry a key.
		 * @return whether the key is required
		 */
		public boolean required() {
			return this.required;
		}

		/**
		 * How long a completed response is kept.
		 * @return the TTL
		 */
		public Duration ttl() {
			return this.ttl;
		}

		/**
		 * Whether the handler streams or completes asynchronously, so its response cannot be replayed.
		 * @return whether it streams
		 */
		public boolean streaming() {
			return this.streaming;
		}

		/**
		 * Whether its claim commits with the application's transaction: declared so, and no request of it has yet
		 * shown that it commits its work elsewhere (no transaction on the store's {@code DataSource}).
		 * @return whether it is transactional
		 */
		public boolean transactional() {
			return this.transactional && !this.writesOutsideStoreTransactions;
		}

		/**
		 * Records that a transactional request of this handler committed no transaction on the store's
		 * {@code DataSource}: a claim of it whose lease runs out cannot be told to have committed nothing, so
		 * its later claims are plain ones ("outcome unknown" after a crash, never a rerun).
		 * @return whether this call was the first to record it
		 */
		boolean writesOutsideStoreTransactions() {
			if (this.writesOutsideStoreTransactions) {
				return false;
			}
			synchronized (this) {
				boolean first = !this.writesOutsideStoreTransactions;
				this.writesOutsideStoreTransactions = true;
				return first;
			}
		}

		@Override
		public String toString() {
			return this.beanType.getName() + "#" + this.method.getName();
		}

	}

}
