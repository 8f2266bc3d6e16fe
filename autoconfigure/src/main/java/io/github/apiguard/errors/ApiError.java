package io.github.apiguard.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * A resolved error, ready to be written in the configured envelope: what every error path (the advice,
 * filters, Spring Security, {@code /error}, idempotency and rate limits) produces before rendering.
 *
 * @param status the HTTP status
 * @param code the machine code, already spelled as configured
 * @param message the message for humans
 * @param title the brief title, or {@code null} to omit it
 * @param details ordered details, empty when there are none
 * @param headers response headers to add (e.g. {@code Retry-After}, {@code Allow})
 * @param retryable whether the client may retry unchanged
 * @param cause the exception behind the error, logged but never rendered
 * @param problemType the RFC 9457 problem type URI of this error, e.g. an IANA-registered one, or {@code null}
 * for the type the envelope derives from the code
 * @param problemMembers RFC 9457 extension members the type defines (e.g. {@code violated-policies}),
 * written beside {@code type} by an {@code application/problem+json} envelope and by no other
 */
public record ApiError(int status, String code, String message, @Nullable String title,
		Map<String, @Nullable Object> details, HttpHeaders headers, boolean retryable, @Nullable Throwable cause,
		@Nullable String problemType, Map<String, @Nullable Object> problemMembers) {

	public ApiError {
		Assert.hasText(code, "'code' must not be empty");
		Assert.isTrue(ErrorCode.isErrorStatus(status),
				() -> "'status' must be an error status (400 to 599), not " + status + " (code " + code + ")");
		Assert.notNull(message, "'message' must not be null");
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
		headers = HttpHeaders.readOnlyHttpHeaders(headers);
		problemMembers = Collections.unmodifiableMap(new LinkedHashMap<>(problemMembers));
	}

	/**
	 * Creates an error without a problem type or extension members of its own.
	 * @param status the HTTP status
	 * @param code the machine code
	 * @param message the message
	 * @param title the title, or {@code null}
	 * @param details the details
	 * @param headers the headers to add
	 * @param retryable whether the client may retry unchanged
	 * @param cause the cause, or {@code null}
	 */
	public ApiError(int status, String code, String message, @Nullable String title,
			Map<String, @Nullable Object> details, HttpHeaders headers, boolean retryable, @Nullable Throwable cause) {
		this(status, code, message, title, details, headers, retryable, cause, null, Map.of());
	}

	/**
	 * A builder holding this error's values, to derive a changed copy.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Starts a builder for an error with a status, a code and a message.
	 * @param status the HTTP status
	 * @param code the machine code as rendered
	 * @param message the message
	 * @return a new builder
	 */
	public static Builder builder(int status, String code, String message) {
		return new Builder(status, code, message);
	}

	/**
	 * Builds an {@link ApiError}; obtained from {@link ErrorCatalog#error(ErrorCode)} or
	 * {@link ApiError#mutate()}.
	 */
	public static final class Builder {

		private int status;

		private String code;

		private String message;

		private @Nullable String title;

		private final Map<String, @Nullable Object> details = new LinkedHashMap<>();

		private final HttpHeaders headers = new HttpHeaders();

		private boolean retryable;

		private @Nullable Throwable cause;

		private @Nullable String problemType;

		private final Map<String, @Nullable Object> problemMembers = new LinkedHashMap<>();

		private Builder(int status, String code, String message) {
			this.status = status;
			this.code = code;
			this.message = message;
			this.retryable = ErrorCode.isRetryableStatus(status);
		}

		private Builder(ApiError error) {
			this(error.status, error.code, error.message);
			this.title = error.title;
			this.details.putAll(error.details);
			this.headers.addAll(error.headers);
			this.retryable = error.retryable;
			this.cause = error.cause;
			this.problemType = error.problemType;
			this.problemMembers.putAll(error.problemMembers);
		}

		/**
		 * Sets the status.
		 * @param status the status
		 * @return this builder
		 */
		public Builder status(int status) {
			this.status = status;
			return this;
		}

		/**
		 * Sets the code, as rendered.
		 * @param code the code
		 * @return this builder
		 */
		public Builder code(String code) {
			this.code = code;
			return this;
		}

		/**
		 * Sets the message.
		 * @param message the message
		 * @return this builder
		 */
		public Builder message(String message) {
			this.message = message;
			return this;
		}

		/**
		 * Sets the title.
		 * @param title the title, or {@code null} to omit it
		 * @return this builder
		 */
		public Builder title(@Nullable String title) {
			this.title = title;
			return this;
		}

		/**
		 * Adds a detail.
		 * @param name the member name
		 * @param value the value
		 * @return this builder
		 */
		public Builder detail(String name, @Nullable Object value) {
			this.details.put(name, value);
			return this;
		}

		/**
		 * Adds details in their iteration order.
		 * @param details the details
		 * @return this builder
		 */
		public Builder details(Map<String, ? extends @Nullable Object> details) {
			this.details.putAll(details);
			return this;
		}

		/**
		 * Removes all details.
		 * @return this builder
		 */
		public Builder clearDetails() {
			this.details.clear();
			return this;
		}

		/**
		 * Adds a header value.
		 * @param name the header
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.add(name, value);
			return this;
		}

		/**
		 * Adds every header.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(HttpHeaders headers) {
			this.headers.addAll(headers);
			return this;
		}

		/**
		 * Sets whether a retry may succeed.
		 * @param retryable whether the error is retryable
		 * @return this builder
		 */
		public Builder retryable(boolean retryable) {
			this.retryable = retryable;
			return this;
		}

		/**
		 * Sets the cause (logged, never rendered).
		 * @param cause the cause
		 * @return this builder
		 */
		public Builder cause(@Nullable Throwable cause) {
			this.cause = cause;
			return this;
		}

		/**
		 * Sets the RFC 9457 problem type, in place of the one derived from the code.
		 * @param problemType an absolute URI, or {@code null} to derive it from the code
		 * @return this builder
		 */
		public Builder problemType(@Nullable String problemType) {
			this.problemType = problemType;
			return this;
		}

		/**
		 * Adds an RFC 9457 extension member that the error's {@link #problemType(String) problem type} defines.
		 * @param name the member name
		 * @param value the value
		 * @return this builder
		 */
		public Builder problemMember(String name, @Nullable Object value) {
			this.problemMembers.put(name, value);
			return this;
		}

		/**
		 * Builds the error.
		 * @return the error
		 */
		public ApiError build() {
			return new ApiError(this.status, this.code, this.message, this.title, this.details, this.headers,
					this.retryable, this.cause, this.problemType, this.problemMembers);
		}

	}

}
