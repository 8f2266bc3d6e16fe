package io.github.apiguard.errors.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The controller advice that renders every exception raised while Spring MVC handles a request — the
 * application's own, Bean Validation's, and all of Spring MVC's (unknown route, 405, 415, 406, unreadable
 * body, missing parameters, upload too large, async timeout) — through the {@link ApiErrorRenderer}.
 * <p>
 * It extends {@link ResponseEntityExceptionHandler} on purpose: Spring Boot's
 * {@code ProblemDetailsExceptionHandler} ({@code spring.mvc.problemdetails.enabled}) backs off when such a
 * bean exists, so there is one format. It is ordered last ({@code apiguard.errors.advice-order}, default
 * {@link Ordered#LOWEST_PRECEDENCE}), so any advice of the application's own, ordered or not, is consulted
 * first and wins for the exceptions it handles.
 * <p>
 * An exception raised after the response was committed (a handler that streamed part of its body, then
 * failed) is not handled: no error can be written any more, and claiming to have handled it would let the
 * response end as if it had succeeded. It is passed on, so the container aborts the response (the client
 * sees a broken body, never a complete-looking one) and idempotency does not store it as a success.
 */
@RestControllerAdvice
public class ApiErrorExceptionHandler extends ResponseEntityExceptionHandler implements Ordered {

	private static final @Nullable String SECURITY_FILTER_APPLIED = ClassUtils.isPresent(
			"org.springframework.security.web.FilterChainProxy", ApiErrorExceptionHandler.class.getClassLoader())
					? "org.springframework.security.web.FilterChainProxy.APPLIED" : null;

	private final ApiErrorRenderer renderer;

	private final int order;

	/**
	 * Creates the advice.
	 * @param renderer the renderer
	 * @param order the advice's order
	 */
	public ApiErrorExceptionHandler(ApiErrorRenderer renderer, int order) {
		this.renderer = renderer;
		this.order = order;
	}

	/**
	 * Renders every exception that Spring MVC's own handling does not cover.
	 * @param exception the exception
	 * @param request the request
	 * @param response the response
	 * @throws Exception a Spring Security exception, rethrown for Spring Security's own handling
	 */
	@ExceptionHandler(Exception.class)
	public void handleAny(Exception exception, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		if (isForSpringSecurity(exception, request)) {
			// Let ExceptionTranslationFilter decide: an anonymous caller gets 401 from the entry point, not 403.
			throw exception;
		}
		if (response.isCommitted()) {
			throw exception;
		}
		this.renderer.write(exception, request, response);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		if (request instanceof NativeWebRequest nativeRequest) {
			HttpServletRequest servletRequest = nativeRequest.getNativeRequest(HttpServletRequest.class);
			HttpServletResponse servletResponse = nativeRequest.getNativeResponse(HttpServletResponse.class);
			if (servletRequest != null && servletResponse != null) {
				if (servletResponse.isCommitted()) {
					// Unhandled, as in handleAny: Spring MVC then rethrows the original exception.
					throw ApiErrorExceptionHandler.<RuntimeException>rethrow(exception);
				}
				this.renderer.write(exception, servletRequest, servletResponse);
				return null;
			}
		}
		return super.handleExceptionInternal(exception, body, headers, statusCode, request);
	}

	@SuppressWarnings("unchecked")
	private static <E extends Exception> E rethrow(Exception exception) throws E {
		// The very exception being handled, checked or not: Spring MVC recognises it and leaves it unresolved.
		throw (E) exception;
	}

	private static boolean isForSpringSecurity(Exception exception, HttpServletRequest request) {
		return SECURITY_FILTER_APPLIED != null && request.getAttribute(SECURITY_FILTER_APPLIED) != null
				&& SecurityExceptions.isSecurityException(exception);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
