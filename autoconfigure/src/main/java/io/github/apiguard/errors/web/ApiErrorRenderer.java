package io.github.apiguard.errors.web;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.envelope.ErrorContext;
import io.github.apiguard.errors.envelope.EnvelopeShape;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.errors.envelope.TemplateErrorEnvelope;
import io.github.apiguard.errors.mapping.ApiErrorResolver;
import io.github.apiguard.listener.Listeners;
import io.github.apiguard.requestid.RequestId;

/**
 * The one renderer behind every error path: the controller advice, servlet filters, the {@code /error}
 * controller, Spring Security's entry point and access-denied handler, idempotency and rate limits. It
 * resolves an exception (or takes a ready {@link ApiError}), applies the customizers, logs, and writes the
 * configured envelope with its status, headers and {@code Content-Type}.
 */
public class ApiErrorRenderer {

	/**
	 * The request attribute holding the last {@link ApiError} written for a request, so that filters which
	 * only see the finished response (idempotency) can tell a retryable error from a final one.
	 */
	public static final String RENDERED_ERROR_ATTRIBUTE = ApiErrorRenderer.class.getName() + ".renderedError";

	private static final ErrorEnvelope FALLBACK_ENVELOPE = TemplateErrorEnvelope.of(EnvelopeShape.NESTED,
			TemplateErrorEnvelope.Options.defaults());

	private static final Logger logger = LoggerFactory.getLogger(ApiErrorRenderer.class);

	/**
	 * Headers that describe a body — its coding, range, language, location, validators, digest and how to
	 * save it — rather than the exchange. A handler that set them and then failed meant them for the body the
	 * error replaces: left on the error, a JSON body would be labelled gzip, or cached and revalidated under
	 * the failed body's ETag.
	 */
	private static final List<String> BODY_HEADERS = List.of(HttpHeaders.CONTENT_ENCODING,
			HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_RANGE, HttpHeaders.CONTENT_LANGUAGE,
			HttpHeaders.CONTENT_LOCATION, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED, "Content-MD5", "Digest",
			"Content-Digest", "Repr-Digest");

	private final ApiErrorResolver resolver;

	private final ErrorEnvelope envelope;

	private final JsonMapper jsonMapper;

	private final List<ApiErrorCustomizer> customizers;

	private final Listeners<ApiErrorListener> listeners;

	private final AtomicBoolean envelopeFailed = new AtomicBoolean();

	private final ErrorLogging logging;

	private final @Nullable String requestIdHeader;

	private final Clock clock;

	private final String contentType;

	private final Set<ApiErrorCustomizer> failedCustomizers = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a renderer.
	 * @param resolver turns exceptions into errors
	 * @param envelope writes the body
	 * @param jsonMapper serializes the body
	 * @param customizers applied to every error, in order
	 * @param logging how errors are logged
	 * @param requestIdHeader the request id header to keep on the response, or {@code null}
	 * @param clock the clock for {@code timestamp}
	 */
	public ApiErrorRenderer(ApiErrorResolver resolver, ErrorEnvelope envelope, JsonMapper jsonMapper,
			List<ApiErrorCustomizer> customizers, ErrorLogging logging, @Nullable String requestIdHeader,
			Clock clock) {
		this(resolver, envelope, jsonMapper, customizers, List.of(), logging, requestIdHeader, clock);
	}

	/**
	 * Creates a renderer that tells listeners about every error it renders.
	 * @param resolver turns exceptions into errors
	 * @param envelope writes the body
	 * @param jsonMapper serializes the body
	 * @param customizers applied to every error, in order
	 * @param listeners told about every error after customization, in order
	 * @param logging how errors are logged
	 * @param requestIdHeader the request id header to keep on the response, or {@code null}
	 * @param clock the clock for {@code timestamp}
	 */
	public ApiErrorRenderer(ApiErrorResolver resolver, ErrorEnvelope envelope, JsonMapper jsonMapper,
			List<ApiErrorCustomizer> customizers, List<ApiErrorListener> listeners, ErrorLogging logging,
			@Nullable String requestIdHeader, Clock clock) {
		this.resolver = resolver;
		this.envelope = envelope;
		this.jsonMapper = jsonMapper;
		this.customizers = List.copyOf(customizers);
		this.listeners = new Listeners<>(listeners);
		this.logging = logging;
		this.requestIdHeader = requestIdHeader;
		this.clock = clock;
		this.contentType = envelope.contentType().toString();
	}

	/**
	 * The effective catalogue, for callers that build errors from codes.
	 * @return the catalogue
	 */
	public ErrorCatalog catalog() {
		return this.resolver.catalog();
	}

	/**
	 * Resolves an exception without rendering it, for callers that add to the error first.
	 * @param exception the exception
	 * @return the resolved error, before customizers
	 */
	public ApiError resolve(Throwable exception) {
		return this.resolver.resolve(exception);
	}

	/**
	 * Resolves, customizes, logs and writes the error for an exception. An exception that asks for a status
	 * which is not an error (a {@code ResponseStatusException} with {@code 302}, see
	 * {@link ApiErrorResolver#nonErrorResponse(Throwable)}) is answered with that status and its headers, and
	 * no body.
	 * @param exception the exception
	 * @param request the request
	 * @param response the response, not yet committed
	 * @return the error written, or {@code null} when the exception was no error
	 */
	public @Nullable ApiError write(Throwable exception, HttpServletRequest request, HttpServletResponse response) {
		ResponseEntity<Void> nonError = this.resolver.nonErrorResponse(exception);
		if (nonError != null) {
			writeNonError(nonError, exception, request, response);
			return null;
		}
		return write(this.resolver.resolve(exception), request, response);
	}

	/**
	 * Customizes, logs and writes the error for a bare status (as the container reports on {@code /error}).
	 * @param status the status
	 * @param request the request
	 * @param response the response
	 * @return the error written
	 */
	public ApiError write(int status, HttpServletRequest request, HttpServletResponse response) {
		return write(this.resolver.resolve(status), request, response);
	}

	/**
	 * Customizes, logs and writes an error.
	 * @param error the error
	 * @param request the request
	 * @param response the response
	 * @return the error written, after customization
	 */
	public ApiError write(ApiError error, HttpServletRequest request, HttpServletResponse response) {
		ApiError customized = customize(error, request);
		request.setAttribute(RENDERED_ERROR_ATTRIBUTE, customized);
		String requestId = RequestId.of(request);
		String path = originalPath(request);
		this.logging.log(customized, request.getMethod(), path, (requestId != null) ? requestId : "-");
		notifyListeners(customized, request);
		if (response.isCommitted()) {
			logger.warn("Response already committed; could not render {} {} for {} {}", customized.status(),
					customized.code(), request.getMethod(), path);
			return customized;
		}
		byte[] body = serialize(customized, path, requestId);
		replaceBody(response, customized.status(), requestId);
		setHeaders(response, customized.headers());
		response.setHeader(HttpHeaders.CONTENT_TYPE, this.contentType);
		response.setContentLength(body.length);
		try {
			response.getOutputStream().write(body);
			response.flushBuffer();
		}
		catch (IOException ex) {
			logger.debug("Could not write the error body; the client has probably gone", ex);
		}
		return customized;
	}

	private void writeNonError(ResponseEntity<Void> answer, Throwable exception, HttpServletRequest request,
			HttpServletResponse response) {
		if (response.isCommitted()) {
			return;
		}
		logger.debug("{} asks for status {}, which is no error: answered as it is", exception.getClass().getName(),
				answer.getStatusCode().value());
		replaceBody(response, answer.getStatusCode().value(), RequestId.of(request));
		setHeaders(response, answer.getHeaders());
	}

	private void replaceBody(HttpServletResponse response, int status, @Nullable String requestId) {
		// Keep headers earlier filters set (request id, CORS, rate limits, Vary); drop any half-written body
		// and the headers that described it.
		response.resetBuffer();
		for (String name : BODY_HEADERS) {
			if (response.containsHeader(name)) {
				// A null value removes the header (Servlet 6.1); there is no other way short of reset().
				response.setHeader(name, null);
			}
		}
		response.setStatus(status);
		if (this.requestIdHeader != null && requestId != null) {
			response.setHeader(this.requestIdHeader, requestId);
		}
	}

	private static void setHeaders(HttpServletResponse response, HttpHeaders headers) {
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			boolean first = true;
			for (String value : header.getValue()) {
				if (!isSafeHeaderValue(value)) {
					logger.debug("Dropped an unsafe value of the {} header", header.getKey());
					continue;
				}
				if (first) {
					response.setHeader(header.getKey(), value);
					first = false;
				}
				else {
					response.addHeader(header.getKey(), value);
				}
			}
		}
	}

	private ApiError customize(ApiError error, HttpServletRequest request) {
		ApiError result = error;
		for (ApiErrorCustomizer customizer : this.customizers) {
			try {
				ApiError customized = customizer.customize(result, request);
				if (customized == null) {
					throw new IllegalStateException("customize(...) returned null");
				}
				result = customized;
			}
			catch (RuntimeException ex) {
				// Thrown out of here, the failure would escape every error path in turn (the advice, the
				// filter, /error), each logging it and none answering: skip this customizer instead.
				customizerFailed(customizer, error, ex);
			}
		}
		return result;
	}

	private void customizerFailed(ApiErrorCustomizer customizer, ApiError error, RuntimeException ex) {
		if (this.failedCustomizers.add(customizer)) {
			logger.warn("Error customizer {} failed on {} {} and was skipped; its further failures are logged at "
					+ "DEBUG", customizer, error.status(), error.code(), ex);
		}
		else {
			logger.debug("Error customizer {} failed again on {} {} and was skipped", customizer, error.status(),
					error.code(), ex);
		}
	}

	private void notifyListeners(ApiError error, HttpServletRequest request) {
		this.listeners.each((listener) -> listener.onError(error, request));
	}

	private static String originalPath(HttpServletRequest request) {
		// On an error dispatch the request URI is /error; the client asked for the original one.
		return (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original) ? original
				: request.getRequestURI();
	}

	private byte[] serialize(ApiError error, String path, @Nullable String requestId) {
		ErrorContext context = new ErrorContext(path, requestId, this.clock.instant());
		try {
			return this.jsonMapper.writeValueAsBytes(this.envelope.body(error, context));
		}
		catch (JacksonException ex) {
			// A detail Jackson cannot write must not turn an error into a worse one: drop the details.
			logger.warn("Could not serialize the details of error {}; rendering without them", error.code(), ex);
			try {
				return this.jsonMapper.writeValueAsBytes(this.envelope.body(error.mutate().clearDetails().build(), context));
			}
			catch (RuntimeException again) {
				return fallback(error, context, again);
			}
		}
		catch (RuntimeException ex) {
			return fallback(error, context, ex);
		}
	}

	private byte[] fallback(ApiError error, ErrorContext context, RuntimeException failure) {
		// The envelope is the last step of every error path: nothing would catch its failure, and the client
		// would get an empty answer. Render apiguard's default shape, without details, instead.
		if (this.envelopeFailed.compareAndSet(false, true)) {
			logger.warn("The error envelope failed; rendering error {} in apiguard's default shape instead (further "
					+ "failures are logged at DEBUG)", error.code(), failure);
		}
		else {
			logger.debug("The error envelope failed again; rendering error {} in apiguard's default shape",
					error.code(), failure);
		}
		return this.jsonMapper.writeValueAsBytes(FALLBACK_ENVELOPE.body(error.mutate().clearDetails().build(), context));
	}

	private static boolean isSafeHeaderValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

}
