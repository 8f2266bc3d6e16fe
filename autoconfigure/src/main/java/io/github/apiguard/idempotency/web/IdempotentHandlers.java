package io.github.apiguard.idempotency.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.github.apiguard.idempotency.Idempotent;

/**
 * Checks every {@link Idempotent} handler once the context is ready, and refuses to start when one cannot
 * be replayed: a handler that streams ({@code StreamingResponseBody}, {@code SseEmitter},
 * {@code ResponseBodyEmitter}) or completes asynchronously ({@code Callable}, {@code DeferredResult},
 * {@code WebAsyncTask}, {@code CompletableFuture}, reactive types), or an {@code @Idempotent(ttl = ...)}
 * that does not parse.
 */
public class IdempotentHandlers implements SmartInitializingSingleton {

	private static final List<Class<?>> NOT_REPLAYABLE = List.of(StreamingResponseBody.class,
			ResponseBodyEmitter.class, Callable.class, DeferredResult.class, WebAsyncTask.class, CompletionStage.class,
			Future.class);

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	private final IdempotencyPolicy policy;

	private final boolean transactionalSupported;

	/**
	 * Creates the check, for a store without transactional claims.
	 * @param mappings the handler mappings to check
	 * @param policy the policy (for the default TTL and the lease)
	 */
	public IdempotentHandlers(ObjectProvider<RequestMappingHandlerMapping> mappings, IdempotencyPolicy policy) {
		this(mappings, policy, false);
	}

	/**
	 * Creates the check.
	 * @param mappings the handler mappings to check
	 * @param policy the policy (for the default TTL, the lease and the transactional default)
	 * @param transactionalSupported whether transactional idempotency is available (the JDBC store, with its
	 * {@link IdempotencyTransactionListener}): without it, {@code @Idempotent(transactional = true)} and
	 * {@code apiguard.idempotency.jdbc.transactional=true} fail startup
	 */
	public IdempotentHandlers(ObjectProvider<RequestMappingHandlerMapping> mappings, IdempotencyPolicy policy,
			boolean transactionalSupported) {
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
		this.mappings.orderedStream().forEach((mapping) -> {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				HandlerMethod method = entry.getValue();
				Idempotent annotation = IdempotencyInterceptor.findAnnotation(method);
				if (annotation == null || annotation.exempt()) {
					continue;
				}
				if (isStreamingOrAsync(method)) {
					problems.add(method + " returns " + method.getReturnType().getParameterType().getSimpleName()
							+ ", which streams or completes asynchronously and cannot be replayed");
				}
				if (annotation.transactional() && !this.transactionalSupported) {
					problems.add(method + ": @Idempotent(transactional = true) needs the JDBC idempotency store "
							+ "(apiguard.idempotency.store=jdbc, with a DataSource)");
				}
				try {
					IdempotencyInterceptor.ttl(annotation, this.policy.ttl(), this.policy.lease());
				}
				catch (IllegalArgumentException ex) {
					problems.add(method + ": " + ex.getMessage());
				}
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("@Idempotent cannot be applied to these handlers (return the complete "
					+ "body, or mark them @Idempotent(exempt = true)):\n  " + String.join("\n  ", problems));
		}
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

}
