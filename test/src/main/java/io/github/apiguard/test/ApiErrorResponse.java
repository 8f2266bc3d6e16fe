package io.github.apiguard.test;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error response as apiguard renders it, read without knowing the envelope's shape: the error object is
 * the {@code error} member when it is an object ({@code nested}, {@code wrapped}, {@code result}), otherwise
 * the body itself ({@code flat}, {@code problem}).
 *
 * @param status the HTTP status, or {@code null} when only the body is known
 * @param body the body as received
 */
public record ApiErrorResponse(@Nullable Integer status, String body) {

	/**
	 * The body as JSON.
	 * @return the body's JSON tree
	 * @throws AssertionError if the body is not JSON
	 */
	public JsonNode json() {
		try {
			return JsonMapper.shared().readTree(this.body);
		}
		catch (JacksonException ex) {
			throw new AssertionError("Expected a JSON error body but was:\n" + this.body, ex);
		}
	}

	/**
	 * The code: {@code error.code} (nested, wrapped, result), {@code error} (flat) or {@code code} (problem).
	 * @return the code, if the body has one
	 */
	public Optional<String> code() {
		JsonNode json = json();
		return text(errorObject(json), "code").or(() -> text(json, "error")).or(() -> text(json, "code"));
	}

	/**
	 * The message: {@code error.message} (nested, wrapped, result), {@code message} (flat) or {@code detail}
	 * (problem).
	 * @return the message, if the body has one
	 */
	public Optional<String> message() {
		JsonNode json = json();
		JsonNode error = errorObject(json);
		return text(error, "message").or(() -> text(json, "detail"));
	}

	/**
	 * A detail: from the {@code details} member of the error object (or of the body), else a member of the
	 * error object with that name (a promoted detail).
	 * @param name the detail's name
	 * @return its JSON value, if present
	 */
	public Optional<JsonNode> detail(String name) {
		JsonNode json = json();
		JsonNode error = errorObject(json);
		for (JsonNode details : new JsonNode[] { error.get("details"), json.get("details") }) {
			if (details != null && details.isObject() && details.has(name)) {
				return Optional.of(details.get(name));
			}
		}
		return Optional.ofNullable(error.get(name));
	}

	private static JsonNode errorObject(JsonNode json) {
		JsonNode error = json.get("error");
		return (error != null && error.isObject()) ? error : json;
	}

	private static Optional<String> text(JsonNode node, String member) {
		JsonNode value = node.get(member);
		return (value != null && value.isString()) ? Optional.of(value.stringValue()) : Optional.empty();
	}

}
