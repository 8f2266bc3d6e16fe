package io.github.apiguard.openapi;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.envelope.ErrorContext;
import io.github.apiguard.errors.envelope.ErrorEnvelope;

/**
 * Describes apiguard's errors in OpenAPI terms: the envelope's schema, derived from a body rendered by the
 * configured {@link ErrorEnvelope} (so renamed members, templates and custom envelopes are described as
 * they are), and the error responses added to operations, each with an example in the envelope.
 */
public class ErrorResponses {

	private static final Instant EXAMPLE_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private final ErrorCatalog catalog;

	private final ErrorEnvelope envelope;

	private final JsonMapper jsonMapper;

	private final String schemaName;

	/**
	 * Creates the descriptions.
	 * @param catalog the effective codes
	 * @param envelope the configured envelope
	 * @param jsonMapper writes example bodies
	 * @param schemaName the name of the envelope's schema component
	 */
	public ErrorResponses(ErrorCatalog catalog, ErrorEnvelope envelope, JsonMapper jsonMapper, String schemaName) {
		this.catalog = catalog;
		this.envelope = envelope;
		this.jsonMapper = jsonMapper;
		this.schemaName = schemaName;
	}

	/**
	 * The name of the envelope's schema component.
	 * @return the name
	 */
	public String schemaName() {
		return this.schemaName;
	}

	/**
	 * The envelope's schema, with an example.
	 * @return the schema
	 */
	public Schema<?> schema() {
		JsonNode example = example(this.catalog.error(BuiltInErrorCode.NOT_FOUND)
			.message("The requested resource was not found.")
			.detail("id", "abc123")
			.build());
		Schema<?> schema = schemaOf(example);
		schema.description("apiguard's error envelope: every 4xx and 5xx of this API is answered in it.");
		schema.example(this.jsonMapper.convertValue(example, Object.class));
		return schema;
	}

	/**
	 * Adds the error response of a built-in code, unless the operation already documents its status.
	 * @param operation the operation
	 * @param builtIn the built-in code
	 * @return the response added, or {@code null} when the status was already documented
	 */
	public @Nullable ApiResponse add(Operation operation, BuiltInErrorCode builtIn) {
		ErrorCode code = this.catalog.resolve(builtIn);
		ApiResponses responses = operation.getResponses();
		if (responses == null) {
			responses = new ApiResponses();
			operation.setResponses(responses);
		}
		String status = Integer.toString(code.status());
		if (responses.containsKey(status)) {
			return null;
		}
		ApiError error = this.catalog.error(builtIn).build();
		MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + this.schemaName))
			.example(this.jsonMapper.convertValue(example(error), Object.class));
		ApiResponse response = new ApiResponse().description("`" + code.code() + "`: " + code.defaultMessage())
			.content(new Content().addMediaType(this.envelope.contentType().toString(), mediaType));
		responses.addApiResponse(status, response);
		return response;
	}

	/**
	 * Documents the 401 and 403 of a secured operation.
	 * @param operation the operation
	 */
	public void secured(Operation operation) {
		add(operation, BuiltInErrorCode.UNAUTHORIZED);
		add(operation, BuiltInErrorCode.FORBIDDEN);
	}

	/**
	 * Documents the key header and the 409 of an idempotent operation.
	 * @param operation the operation
	 * @param header the key header, e.g. {@code Idempotency-Key}
	 * @param required whether the key is required (then a missing key is documented as 400)
	 */
	public void idempotent(Operation operation, String header, boolean required) {
		headerParameter(operation, header, "A unique key per intended operation: a retry with the same key and "
				+ "request gets the first response replayed, never a second execution.", required);
		if (required) {
			add(operation, BuiltInErrorCode.IDEMPOTENCY_KEY_MISSING);
		}
		ApiResponse conflict = add(operation, BuiltInErrorCode.IDEMPOTENCY_CONFLICT);
		if (conflict != null) {
			conflict.description(conflict.getDescription() + " Or `"
					+ this.catalog.resolve(BuiltInErrorCode.IDEMPOTENCY_IN_FLIGHT).code()
					+ "`: a request with this key is still being processed (retry after `Retry-After`).");
			header(conflict, "Retry-After", "Seconds to wait, when the earlier request is still in flight.");
		}
	}

	/**
	 * Documents the 429 and rate-limit headers of a rate-limited operation.
	 * @param operation the operation
	 */
	public void rateLimited(Operation operation) {
		ApiResponse tooMany = add(operation, BuiltInErrorCode.RATE_LIMIT_EXCEEDED);
		header(tooMany, "X-RateLimit-Limit", "The request quota of the most restrictive limit.");
		header(tooMany, "X-RateLimit-Remaining", "The units left in the current window.");
		header(tooMany, "X-RateLimit-Reset", "When the limit is whole again, in epoch seconds.");
		header(tooMany, "Retry-After", "Seconds to wait before retrying.");
	}

	/**
	 * Adds an integer response header.
	 * @param response the response, or {@code null} to do nothing
	 * @param name the header
	 * @param description what it holds
	 */
	public static void header(@Nullable ApiResponse response, String name, String description) {
		if (response != null) {
			response.addHeaderObject(name, new Header().description(description).schema(new IntegerSchema()));
		}
	}

	/**
	 * Adds a header parameter, unless the operation already declares it.
	 * @param operation the operation
	 * @param name the header
	 * @param description what it holds
	 * @param required whether it is required
	 */
	public static void headerParameter(Operation operation, String name, String description, boolean required) {
		if (operation.getParameters() != null) {
			for (Parameter parameter : operation.getParameters()) {
				if ("header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName())) {
					return;
				}
			}
		}
		operation.addParametersItem(
				new HeaderParameter().name(name).required(required).description(description).schema(new StringSchema()));
	}

	private JsonNode example(ApiError error) {
		Object body = this.envelope.body(error, new ErrorContext("/example", "0b8f4a8e-4b1e-4c52-9f3e-2f1d6a1c7e55",
				EXAMPLE_TIME));
		return this.jsonMapper.valueToTree(body);
	}

	private static Schema<?> schemaOf(JsonNode node) {
		if (node.isObject()) {
			Schema<?> object = typed("object");
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				object.addProperty(member.getKey(), schemaOf(member.getValue()));
			}
			return object;
		}
		if (node.isArray()) {
			return typed("array").items((!node.isEmpty()) ? schemaOf(node.get(0)) : new Schema<>());
		}
		if (node.isIntegralNumber()) {
			return typed("integer");
		}
		if (node.isNumber()) {
			return typed("number");
		}
		if (node.isBoolean()) {
			return typed("boolean");
		}
		if (node.isNull()) {
			return typed("null").nullable(true);
		}
		return typed("string");
	}

	private static Schema<?> typed(String type) {
		// OpenAPI 3.0 reads 'type', 3.1 'types': set both, whichever version springdoc writes.
		return new Schema<>().type(type).types(Set.of(type));
	}

}
