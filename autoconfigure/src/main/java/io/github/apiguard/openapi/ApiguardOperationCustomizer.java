package io.github.apiguard.openapi;

import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.models.Operation;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.ratelimit.RateLimited;

/**
 * Adds to each operation the error responses its handler's annotations imply: 401 and 403 for a handler
 * with method security ({@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed}) or an operation
 * with security requirements; the {@code Idempotency-Key} header and 409 for an idempotent one (its method
 * is one of {@code apiguard.idempotency.methods}, or it is {@link Idempotent @Idempotent}); 429 with the
 * rate-limit headers for a {@link RateLimited @RateLimited} one. Responses the operation already documents
 * are kept.
 */
public class ApiguardOperationCustomizer implements OperationCustomizer {

	private static final List<String> SECURITY_ANNOTATIONS = List.of(
			"org.springframework.security.access.prepost.PreAuthorize",
			"org.springframework.security.access.prepost.PostAuthorize",
			"org.springframework.security.access.annotation.Secured", "jakarta.annotation.security.RolesAllowed");

	private final ErrorResponses responses;

	private final @Nullable IdempotencyPolicy idempotency;

	private final boolean rateLimits;

	/**
	 * Creates the customizer.
	 * @param responses describes the errors
	 * @param idempotency the idempotency policy, or {@code null} without idempotency
	 * @param rateLimits whether rate limits are enforced
	 */
	public ApiguardOperationCustomizer(ErrorResponses responses, @Nullable IdempotencyPolicy idempotency,
			boolean rateLimits) {
		this.responses = responses;
		this.idempotency = idempotency;
		this.rateLimits = rateLimits;
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		if (isSecured(operation, handlerMethod)) {
			this.responses.secured(operation);
		}
		if (this.idempotency != null && isIdempotent(handlerMethod, this.idempotency)) {
			Idempotent annotation = annotation(handlerMethod);
			this.responses.idempotent(operation, this.idempotency.header(),
					this.idempotency.requireKey() || (annotation != null && annotation.required()));
		}
		if (this.rateLimits && (handlerMethod.hasMethodAnnotation(RateLimited.class)
				|| AnnotatedElementUtils.hasAnnotation(handlerMethod.getBeanType(), RateLimited.class))) {
			this.responses.rateLimited(operation);
		}
		return operation;
	}

	private static boolean isSecured(Operation operation, HandlerMethod handlerMethod) {
		if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
			return true;
		}
		MergedAnnotations onMethod = MergedAnnotations.from(handlerMethod.getMethod(),
				MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		MergedAnnotations onType = MergedAnnotations.from(handlerMethod.getBeanType(),
				MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		return SECURITY_ANNOTATIONS.stream().anyMatch((name) -> onMethod.isPresent(name) || onType.isPresent(name));
	}

	private static @Nullable Idempotent annotation(HandlerMethod handlerMethod) {
		Idempotent annotation = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), Idempotent.class);
		return (annotation != null) ? annotation
				: AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(), Idempotent.class);
	}

	private static boolean isIdempotent(HandlerMethod handlerMethod, IdempotencyPolicy policy) {
		Idempotent annotation = annotation(handlerMethod);
		if (annotation != null) {
			return !annotation.exempt();
		}
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(),
				RequestMapping.class);
		return mapping != null
				&& Arrays.stream(mapping.method()).anyMatch((method) -> policy.methods().contains(method.name()));
	}

}
