package io.github.apiguard.errors;

import org.jspecify.annotations.Nullable;

/**
 * HTTP's codes, as apiguard answers them: for Spring MVC and Spring Security exceptions, for the ready
 * exceptions ({@link NotFoundException} and friends) and for any status without a more specific code
 * ({@code rate_limit_exceeded} is the 429's). The codes of idempotency and quotas are declared by those
 * features ({@link ApiguardErrorCode}).
 * <p>
 * Their spelling follows {@code apiguard.errors.code-style} ({@code not_found} or {@code NOT_FOUND}) and
 * each one can be remapped to another code, status, message or title under
 * {@code apiguard.errors.codes.<name>} — seed 001, for instance, answers 422, 500 and 503 all with
 * {@code internal_error}.
 */
public enum BuiltInErrorCode implements ApiguardErrorCode {

	/** 400: malformed body, parameters or headers. */
	INVALID_REQUEST(400, "The request is malformed or missing required parameters."),

	/** 400: Bean Validation rejected the body or a parameter. */
	VALIDATION_FAILED(400, "The request failed validation.", "Validation failed"),

	/** 401: missing, malformed or revoked credentials. */
	UNAUTHORIZED(401, "Authentication is required to access this resource."),

	/** 402: payment or credit is required to proceed. */
	PAYMENT_REQUIRED(402, "Payment is required to proceed."),

	/** 403: authenticated but not allowed. */
	FORBIDDEN(403, "You do not have permission to perform this action."),

	/** 404: no such resource, or not visible to the caller. */
	NOT_FOUND(404, "The requested resource was not found."),

	/** 405: the route exists but not for this method. */
	METHOD_NOT_ALLOWED(405, "The request method is not supported for this resource."),

	/** 406: no representation matches the {@code Accept} header. */
	NOT_ACCEPTABLE(406, "No acceptable representation is available for this resource."),

	/** 408: the request took too long to arrive. */
	REQUEST_TIMEOUT(408, "The request timed out."),

	/** 409: the request conflicts with the current state of the resource. */
	CONFLICT(409, "The request conflicts with the current state of the resource."),

	/** 413: the body is larger than allowed. */
	PAYLOAD_TOO_LARGE(413, "The request body is too large."),

	/** 415: the body's {@code Content-Type} is not supported. */
	UNSUPPORTED_MEDIA_TYPE(415, "The request content type is not supported."),

	/** 422: well-formed but semantically invalid. */
	UNPROCESSABLE(422, "The request is well-formed but cannot be processed."),

	/** 429: a rate limit was exceeded. */
	RATE_LIMIT_EXCEEDED(429, "Too many requests. Retry later."),

	/** 500: an unexpected server error; never carries the exception's own text. */
	INTERNAL_ERROR(500, "An unexpected error occurred. Please try again or contact support."),

	/** 502: an upstream service failed. */
	BAD_GATEWAY(502, "An upstream service failed. Please try again later."),

	/** 503: maintenance or a temporary outage. */
	SERVICE_UNAVAILABLE(503, "The service is temporarily unavailable. Please try again later."),

	/** 504: an upstream service did not answer in time. */
	GATEWAY_TIMEOUT(504, "An upstream service timed out. Please try again later.");

	private final int status;

	private final String defaultMessage;

	private final @Nullable String title;

	private final boolean retryable;

	BuiltInErrorCode(int status, String defaultMessage) {
		this(status, defaultMessage, null);
	}

	BuiltInErrorCode(int status, String defaultMessage, @Nullable String title) {
		this(status, defaultMessage, title, ErrorCode.isRetryableStatus(status));
	}

	BuiltInErrorCode(int status, String defaultMessage, @Nullable String title, boolean retryable) {
		this.status = status;
		this.defaultMessage = defaultMessage;
		this.title = title;
		this.retryable = retryable;
	}

	@Override
	public int status() {
		return this.status;
	}

	@Override
	public String defaultMessage() {
		return this.defaultMessage;
	}

	@Override
	public @Nullable String title() {
		return this.title;
	}

	@Override
	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * The built-in code answered by default for a status apiguard has no more specific code for.
	 * @param status an HTTP status
	 * @return the matching built-in code, {@link #INVALID_REQUEST} for other 4xx and
	 * {@link #INTERNAL_ERROR} for other 5xx
	 */
	public static BuiltInErrorCode forStatus(int status) {
		BuiltInErrorCode code = (status >= 400 && status <= 599) ? ByStatus.CODES[status - 400] : null;
		return (code != null) ? code : (status >= 500) ? INTERNAL_ERROR : INVALID_REQUEST;
	}

	/**
	 * The first generic code declared for each status, looked up on every error without copying
	 * {@code values()}.
	 */
	private static final class ByStatus {

		private static final BuiltInErrorCode[] CODES = new BuiltInErrorCode[200];

		static {
			for (BuiltInErrorCode code : values()) {
				int index = code.status - 400;
				if (code != VALIDATION_FAILED && CODES[index] == null) {
					CODES[index] = code;
				}
			}
		}

	}

}
