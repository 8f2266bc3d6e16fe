package io.github.apiguard.openapi;

import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.http.HttpEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.MatrixVariable;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;

import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.idempotency.web.IdempotentEndpoints;
import io.github.apiguard.ratelimit.RateLimited;
import io.github.apiguard.ratelimit.web.RateLimitedEndpoints;

/**
 * Adds to each operation the error responses its handler implies, derived from its signature and
 * annotations rather than a blanket list: 400 when it binds a body, parameters or headers (and the
 * validation code, at its configured status, when it validates); 404 for path variables; 415 and 413 for a
 * request body; 406 when it writes a body; 405 for another method on its path; 401 and 403 for a handler
 * with method security ({@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed}) or an operation
 * with security requirements; the {@code Idempotency-Key} header and its 400, 409, 413 and 503 where
 * {@link IdempotentEndpoints} says the key is honoured (a method of {@code apiguard.idempotency.methods},
 * or {@link Idempotent @Idempotent}, and not a stream); 429 with the rate-limit headers where
 * {@link RateLimitedEndpoints} says a policy applies ({@link RateLimited @RateLimited}, or a policy's
 * {@code paths}), the very answers the interceptors act on; the codes named by
 * {@link ApiErrorResponse @ApiErrorResponse}; and 500 for all. Responses the operation documents itself are
 * kept.
 */
public class ApiguardOperationCustomizer implements OperationCustomizer {

	private static final List<String> SECURITY_ANNOTATIONS = List.of(
			"org.springframework.security.access.prepost.PreAuthorize",
			"org.springframework.security.access.prepost.PostAuthorize",
			"org.springframework.security.access.annotation.Secured", "jakarta.annotation.security.RolesAllowed");

	private final ErrorResponses responses;

	private final @Nullable IdempotencyPolicy idempotency;

	private final @Nullable IdempotentEndpoints idempotentEndpoints;

	private final @Nullable RateLimitedEndpoints rateLimitedEndpoints;

	private final boolean denyOnOutage;

	/**
	 * Creates the customizer. What each operation declares is asked of the endpoints the interceptors guard
	 * by, so the document says what run time does.
	 * @param responses describes the errors
	 * @param idempotency the idempotency policy, or {@code null} without idempotency
	 * @param idempotentEndpoints which endpoints honour a key, or {@code null} without idempotency
	 * @param rateLimitedEndpoints which endpoints are rate limited, or {@code null} without rate limits
	 * @param denyOnOutage whether the rate limiter answers 503 while its store is unreachable
	 */
	public ApiguardOperationCustomizer(ErrorResponses responses, @Nullable IdempotencyPolicy idempotency,
			@Nullable IdempotentEndpoints idempotentEndpoints, @Nullable RateLimitedEndpoints rateLimitedEndpoints,
			boolean denyOnOutage) {
		this.responses = responses;
		this.idempotency = idempotency;
		this.idempotentEndpoints = idempotentEndpoints;
		this.rateLimitedEndpoints = rateLimitedEndpoints;
		this.denyOnOutage = denyOnOutage;
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		Signature signature = Signature.of(handlerMethod);
		if (signature.binds()) {
			this.responses.add(operation, BuiltInErrorCode.INVALID_REQUEST);
		}
		if (signature.validates()) {
			this.responses.add(operation, BuiltInErrorCode.VALIDATION_FAILED);
		}
		if (signature.pathVariables()) {
			this.responses.add(operation, BuiltInErrorCode.NOT_FOUND);
		}
		if (signature.body()) {
			this.responses.add(operation, BuiltInErrorCode.UNSUPPORTED_MEDIA_TYPE);
			this.responses.add(operation, BuiltInErrorCode.PAYLOAD_TOO_LARGE);
		}
		if (signature.writesBody()) {
			this.responses.add(operation, BuiltInErrorCode.NOT_ACCEPTABLE);
		}
		ApiResponse notAllowed = this.responses.add(operation, BuiltInErrorCode.METHOD_NOT_ALLOWED);
		if (notAllowed != null) {
			notAllowed.description(notAllowed.getDescription() + " (another method than this path's: `Allow` "
					+ "lists them)");
			notAllowed.addHeaderObject("Allow", new Header().description("The methods this path supports.")
				.schema(new StringSchema()));
		}
		if (isSecured(operation, handlerMethod)) {
			this.responses.secured(operation);
		}
		for (ApiErrorResponse declared : declared(handlerMethod)) {
			this.responses.add(operation, this.responses.error(declared.code()));
		}
		if (this.idempotency != null && this.idempotentEndpoints != null) {
			IdempotentEndpoints.Endpoint endpoint = this.idempotentEndpoints.endpoint(handlerMethod);
			Set<String> guarded = endpoint.guardedMethods();
			if (!guarded.isEmpty()) {
				this.responses.idempotent(operation, this.idempotency.header(), endpoint.required(),
						this.idempotency.failOpen());
				if (!endpoint.guardsEveryMappedMethod()) {
					// One handler, several methods, one operation per method: say which ones honour the key.
					note(operation, "The " + this.idempotency.header() + " header is honoured on "
							+ String.join(", ", guarded) + " requests only.");
				}
			}
		}
		this.responses.add(operation, BuiltInErrorCode.INTERNAL_ERROR);
		if (IdempotentEndpoints.isStreamingOrAsync(handlerMethod)) {
			// Completing later, it can outlive spring.mvc.async.request-timeout: a retryable 503.
			ApiResponse timedOut = this.responses.add(operation, BuiltInErrorCode.SERVICE_UNAVAILABLE);
			if (timedOut != null && !timedOut.getDescription().contains("request-timeout")) {
				timedOut.description(timedOut.getDescription() + " (also when the asynchronous handler outlives "
						+ "spring.mvc.async.request-timeout)");
			}
		}
		if (this.rateLimitedEndpoints != null) {
			RateLimitedEndpoints.Endpoint endpoint = this.rateLimitedEndpoints.endpoint(handlerMethod);
			if (endpoint.limited()) {
				// Last: every response documented so far may carry the rate-limit headers.
				this.responses.rateLimited(operation, this.denyOnOutage, hasSecurityAnnotation(handlerMethod));
				if (!endpoint.pathIndependent()) {
					note(operation, "Rate limited by " + String.join(", ", endpoint.pathDependentPolicies())
							+ " only where the request path matches the policy's paths.");
				}
			}
		}
		return operation;
	}

	private static void note(Operation operation, String note) {
		operation.setDescription((operation.getDescription() != null && !operation.getDescription().isBlank())
				? operation.getDescription() + "\n\n" + note : note);
	}

	private static Set<ApiErrorResponse> declared(HandlerMethod handlerMethod) {
		Set<ApiErrorResponse> declared = new LinkedHashSet<>(
				AnnotatedElementUtils.findMergedRepeatableAnnotations(handlerMethod.getBeanType(), ApiErrorResponse.class));
		declared.addAll(
				AnnotatedElementUtils.findMergedRepeatableAnnotations(handlerMethod.getMethod(), ApiErrorResponse.class));
		return declared;
	}

	private static boolean isSecured(Operation operation, HandlerMethod handlerMethod) {
		if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
			return true;
		}
		return hasSecurityAnnotation(handlerMethod);
	}

	private static boolean hasSecurityAnnotation(HandlerMethod handlerMethod) {
		MergedAnnotations onMethod = MergedAnnotations.from(handlerMethod.getMethod(),
				MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		MergedAnnotations onType = MergedAnnotations.from(handlerMethod.getBeanType(),
				MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		return SECURITY_ANNOTATIONS.stream().anyMatch((name) -> onMethod.isPresent(name) || onType.isPresent(name));
	}

	/**
	 * What a handler's signature tells about the requests it refuses and the bodies it writes.
	 */
	private record Signature(boolean binds, boolean validates, boolean pathVariables, boolean body,
			boolean writesBody) {

		private static final List<Class<? extends Annotation>> BINDING = List.of(RequestBody.class,
				RequestParam.class, RequestHeader.class, CookieValue.class, ModelAttribute.class, RequestPart.class,
				MatrixVariable.class);

		static Signature of(HandlerMethod handlerMethod) {
			boolean binds = false;
			boolean validates = AnnotatedElementUtils.hasAnnotation(handlerMethod.getBeanType(), Validated.class);
			boolean pathVariables = false;
			boolean body = false;
			for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
				for (Class<? extends Annotation> binding : BINDING) {
					binds |= parameter.hasParameterAnnotation(binding);
				}
				if (parameter.hasParameterAnnotation(PathVariable.class)) {
					pathVariables = true;
					// A String always binds; a number or a UUID that does not parse is a 400.
					binds |= !CharSequence.class.isAssignableFrom(parameter.getParameterType());
				}
				body |= parameter.hasParameterAnnotation(RequestBody.class)
						|| parameter.hasParameterAnnotation(RequestPart.class);
				for (Annotation annotation : parameter.getParameterAnnotations()) {
					validates |= annotation.annotationType().getName().equals("jakarta.validation.Valid")
							|| annotation.annotationType().equals(Validated.class);
				}
			}
			RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(),
					RequestMapping.class);
			body |= mapping != null && mapping.consumes().length > 0;
			return new Signature(binds || validates, validates, pathVariables, body, writesBody(handlerMethod));
		}

		private static boolean writesBody(HandlerMethod handlerMethod) {
			MethodParameter returnType = handlerMethod.getReturnType();
			Class<?> type = returnType.getParameterType();
			if (HttpEntity.class.isAssignableFrom(type)) {
				type = ResolvableType.forMethodParameter(returnType).as(HttpEntity.class).getGeneric(0).resolve(Object.class);
			}
			return type != void.class && type != Void.class;
		}

	}

}
