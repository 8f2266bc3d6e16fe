package io.github.apiguard.restclient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestClient;

/**
 * A {@link ResponseErrorHandler} for {@link RestClient} that reads any of the envelope shapes apiguard
 * writes — nested ({@code {"error": {"code", ...}}}), flat ({@code {"error": "code", "message"}}), wrapped,
 * result and RFC 9457 problem details — and throws a {@link RemoteApiException}:
 * <pre>{@code
 * RestClient client = RestClient.builder().defaultStatusHandler(new ApiErrorResponseHandler()).build();
 * try { client.post().uri("/v1/builds").body(build).retrieve().toEntity(Build.class); }
 * catch (RemoteApiException ex) { if (ex.getCode().equals("build_not_ready")) { ... } }
 * }</pre>
 * It reads at most a bounded number of bytes of an error body ({@link #DEFAULT_MAX_BODY_SIZE} unless
 * configured): a larger body is left unread and its error's code is {@code unknown}.
 */
public class ApiErrorResponseHandler implements ResponseErrorHandler {

	/** The most bytes of an error body read unless configured otherwise: 64 KiB. */
	public static final int DEFAULT_MAX_BODY_SIZE = 64 * 1024;

	private final JsonMapper mapper;

	private final int maxBodySize;

	/**
	 * Creates a handler with a default mapper.
	 */
	public ApiErrorResponseHandler() {
		this(JsonMapper.shared());
	}

	/**
	 * Creates a handler that reads at most {@link #DEFAULT_MAX_BODY_SIZE} bytes of an error body.
	 * @param mapper reads the bodies
	 */
	public ApiErrorResponseHandler(JsonMapper mapper) {
		this(mapper, DEFAULT_MAX_BODY_SIZE);
	}

	/**
	 * Creates a handler.
	 * @param mapper reads the bodies
	 * @param maxBodySize the most bytes of an error body read
	 */
	public ApiErrorResponseHandler(JsonMapper mapper, int maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "'maxBodySize' must be positive");
		this.mapper = mapper;
		this.maxBodySize = maxBodySize;
	}

	@Override
	public boolean hasError(ClientHttpResponse response) throws IOException {
		return response.getStatusCode().isError();
	}

	@Override
	public void handleError(URI url, HttpMethod method, ClientHttpResponse response) throws IOException {
		// One byte past the bound tells a body that fits from one that does not, without reading the rest:
		// a remote that answers 50 MB (or never stops) must not make the caller buffer it.
		byte[] body = response.getBody().readNBytes((int) Math.min(this.maxBodySize + 1L, Integer.MAX_VALUE - 8));
		boolean truncated = body.length > this.maxBodySize;
		if (truncated) {
			body = Arrays.copyOf(body, this.maxBodySize);
		}
		HttpHeaders headers = response.getHeaders();
		int status = response.getStatusCode().value();
		Parsed parsed = truncated ? new Parsed("unknown",
				"The error body is larger than " + this.maxBodySize + " bytes and was not read.", new LinkedHashMap<>(),
				null) : parse(body);
		String requestId = (parsed.requestId != null) ? parsed.requestId : headers.getFirst("X-Request-Id");
		throw new RemoteApiException(status, response.getStatusText(), headers, body, parsed.code, parsed.message,
				parsed.details, requestId, retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER)));
	}

	private Parsed parse(byte[] body) {
		JsonNode root;
		try {
			root = (body.length > 0) ? this.mapper.readTree(body) : null;
		}
		catch (JacksonException ex) {
			root = null;
		}
		if (root == null || !root.isObject()) {
			return new Parsed("unknown", "The response carried no error envelope.", new LinkedHashMap<>(), null);
		}
		JsonNode error = root.get("error");
		if (error != null && error.isObject()) {
			// nested, wrapped and result shapes: the error object holds code and message.
			return new Parsed(text(error, "code", "unknown"), text(error, "message", text(root, "message", "")),
					details(error), requestId(error, root));
		}
		if (error != null && error.isString()) {
			return new Parsed(error.stringValue(), text(root, "message", ""), details(root), requestId(root, root));
		}
		if (root.has("code") && root.get("code").isString()) {
			// RFC 9457 problem details with apiguard's code extension.
			return new Parsed(root.get("code").stringValue(), text(root, "detail", text(root, "title", "")),
					details(root), requestId(root, root));
		}
		return new Parsed("unknown", text(root, "message", text(root, "title", "")), new LinkedHashMap<>(),
				requestId(root, root));
	}

	private Map<String, @Nullable Object> details(JsonNode holder) {
		JsonNode details = holder.get("details");
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		if (details != null && details.isObject()) {
			details.properties().forEach((entry) -> result.put(entry.getKey(),
					this.mapper.treeToValue(entry.getValue(), Object.class)));
		}
		return result;
	}

	private static @Nullable String requestId(JsonNode first, JsonNode second) {
		for (JsonNode node : new JsonNode[] { first, second }) {
			for (String name : new String[] { "requestId", "request_id" }) {
				JsonNode id = node.get(name);
				if (id != null && id.isString()) {
					return id.stringValue();
				}
			}
		}
		return null;
	}

	private static String text(JsonNode node, String name, String fallback) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : fallback;
	}

	static @Nullable Duration retryAfter(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() < 10) {
			return Duration.ofSeconds(Long.parseLong(trimmed));
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(Instant.now(), at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private record Parsed(String code, String message, Map<String, @Nullable Object> details,
			@Nullable String requestId) {
	}

}
