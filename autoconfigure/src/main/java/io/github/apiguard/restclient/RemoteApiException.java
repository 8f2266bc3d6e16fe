package io.github.apiguard.restclient;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClientResponseException;

/**
 * An error answered by another API in an apiguard (or any seed-shaped) envelope, turned back into what a
 * caller branches on: the machine code, the message, the details, the request id to quote to support and
 * when to retry. The exception's own message ({@code 404 not_found: Build not found.}) is safe to log: the
 * remote's code and message have their control characters escaped and are cut to a length;
 * {@link #getCode()} keeps the code as the remote sent it.
 */
public class RemoteApiException extends RestClientResponseException {

	private static final int MAX_CODE_LENGTH = 128;

	private static final int MAX_MESSAGE_LENGTH = 1024;

	// Not control characters, but line breaks to many log viewers.
	private static final char LINE_SEPARATOR = 0x2028;

	private static final char PARAGRAPH_SEPARATOR = 0x2029;

	private final String code;

	private final Map<String, @Nullable Object> details;

	private final @Nullable String requestId;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param status the HTTP status
	 * @param statusText the reason phrase
	 * @param headers the response headers
	 * @param body the raw body
	 * @param code the machine code ({@code unknown} when the body carried none)
	 * @param message the human message
	 * @param details the details, possibly empty
	 * @param requestId the request id from the body or {@code X-Request-Id}
	 * @param retryAfter the {@code Retry-After} delay
	 */
	public RemoteApiException(int status, String statusText, HttpHeaders headers, byte[] body, String code,
			String message, Map<String, @Nullable Object> details, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(status + " " + logSafe(code, MAX_CODE_LENGTH) + ": " + logSafe(message, MAX_MESSAGE_LENGTH), status,
				statusText, headers, body, null);
		this.code = code;
		this.details = Collections.unmodifiableMap(details);
		this.requestId = requestId;
		this.retryAfter = retryAfter;
	}

	/**
	 * The remote's text as it may appear in a log line: line breaks and other control characters escaped
	 * (a line feed as {@code \n}, an escape as <code>&#92;u001b</code>), so a remote cannot forge log lines,
	 * and cut to a length.
	 */
	private static String logSafe(String text, int maxLength) {
		StringBuilder safe = new StringBuilder(Math.min(text.length(), maxLength) + 16);
		int i = 0;
		for (; i < text.length() && safe.length() < maxLength; i++) {
			char c = text.charAt(i);
			if (c == '\r') {
				safe.append("\\r");
			}
			else if (c == '\n') {
				safe.append("\\n");
			}
			else if (Character.isISOControl(c) || c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR) {
				safe.append(String.format("\\u%04x", (int) c));
			}
			else {
				safe.append(c);
			}
		}
		return (i < text.length()) ? safe.append("...").toString() : safe.toString();
	}

	/**
	 * The machine code to branch on.
	 * @return the code
	 */
	public String getCode() {
		return this.code;
	}

	/**
	 * The details the error carried.
	 * @return the details, possibly empty
	 */
	public Map<String, @Nullable Object> getDetails() {
		return this.details;
	}

	/**
	 * The request id of the failed call.
	 * @return the id, or {@code null}
	 */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

	/**
	 * How long to wait before retrying, from {@code Retry-After}.
	 * @return the delay, or {@code null} when the server sent none
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether the same request may succeed later: 408, 429 and 5xx, as the seeds document.
	 * @return whether a retry with backoff makes sense
	 */
	public boolean isRetryable() {
		int status = getStatusCode().value();
		return status == 408 || status == 429 || status >= 500;
	}

}
