package io.github.apiguard.errors;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * The exception a controller throws to answer with an error from its catalogue. It carries the
 * {@link ErrorCode}, a message for humans, ordered details, extra response headers and the cause, and is
 * rendered in the configured envelope on every error path.
 * <pre>{@code
 * throw new ApiException(BuildErrors.BUILD_NOT_READY)
 *         .detail("build_id", id)
 *         .retryAfter(Duration.ofSeconds(5));
 * }</pre>
 * The message given here is part of the API's contract and is shown even on a 5xx; the cause's message
 * never is.
 *
 * @see ErrorCode
 */
public class ApiException extends RuntimeException {

	private final ErrorCode errorCode;

	private final @Nullable String explicitMessage;

	private final Map<String, @Nullable Object> details = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	private @Nullable Boolean retryable;

	/**
	 * Creates an exception answered with the code's default message.
	 * @param errorCode the code
	 */
	public ApiException(ErrorCode errorCode) {
		this(errorCode, null, null);
	}

	/**
	 * Creates an exception answered with its own message.
	 * @param errorCode the code
	 * @param message the message shown to the client, or {@code null} for the code's default
	 */
	public ApiException(ErrorCode errorCode, @Nullable String message) {
		this(errorCode, message, null);
	}

	/**
	 * Creates an exception with a message and a cause; the cause is logged, never rendered.
	 * @param errorCode the code
	 * @param message the message shown to the client, or {@code null} for the code's default
	 * @param cause the cause, or {@code null}
	 */
	public ApiException(ErrorCode errorCode, @Nullable String message, @Nullable Throwable cause) {
		super((message != null) ? message : requireCode(errorCode).defaultMessage(), cause);
		this.errorCode = errorCode;
		this.explicitMessage = message;
	}

	private static ErrorCode requireCode(ErrorCode errorCode) {
		Assert.notNull(errorCode, "'errorCode' must not be null");
		return errorCode;
	}

	/**
	 * Adds a detail, kept in insertion order.
	 * @param name the detail's member name, e.g. {@code field}
	 * @param value its value (strings, numbers, booleans, maps, lists, {@code java.time} values)
	 * @return this exception
	 */
	public ApiException detail(String name, @Nullable Object value) {
		Assert.hasText(name, "'name' must not be empty");
		this.details.put(name, value);
		return this;
	}

	/**
	 * Adds every detail of a map, in its iteration order.
	 * @param details the details
	 * @return this exception
	 */
	public ApiException details(Map<String, ?> details) {
		details.forEach(this::detail);
		return this;
	}

	/**
	 * Adds a response header. Values with control characters are dropped when rendering.
	 * @param name the header name
	 * @param value the header value
	 * @return this exception
	 */
	public ApiException header(String name, String value) {
		this.headers.add(name, value);
		return this;
	}

	/**
	 * Sets {@code Retry-After} in whole seconds, rounded up ({@link RetryAfter#seconds(Duration)}).
	 * @param delay how long the client should wait
	 * @return this exception
	 */
	public ApiException retryAfter(Duration delay) {
		this.headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.seconds(delay)));
		return this;
	}

	/**
	 * Overrides whether this particular outcome may be retried unchanged.
	 * @param retryable whether a retry may succeed
	 * @return this exception
	 */
	public ApiException retryable(boolean retryable) {
		this.retryable = retryable;
		return this;
	}

	/**
	 * The code this exception is answered with.
	 * @return the code
	 */
	public ErrorCode getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The message given when the exception was created.
	 * @return the explicit message, or {@code null} when the code's default applies
	 */
	public @Nullable String getExplicitMessage() {
		return this.explicitMessage;
	}

	/**
	 * The details, in insertion order.
	 * @return an unmodifiable view
	 */
	public Map<String, @Nullable Object> getDetails() {
		return Collections.unmodifiableMap(this.details);
	}

	/**
	 * The extra response headers.
	 * @return the headers (read-only)
	 */
	public HttpHeaders getHeaders() {
		return HttpHeaders.readOnlyHttpHeaders(this.headers);
	}

	/**
	 * Whether this outcome may be retried.
	 * @return the override, or the code's own {@link ErrorCode#retryable()}
	 */
	public boolean isRetryable() {
		return (this.retryable != null) ? this.retryable : this.errorCode.retryable();
	}

	/**
	 * Whether {@link #retryable(boolean)} was called.
	 * @return whether retryability was set on this exception
	 */
	public boolean hasRetryableOverride() {
		return this.retryable != null;
	}

}
