package io.github.apiguard.openapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
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
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ApiguardErrorCode;
import io.github.apiguard.errors.BuiltInErrorCode;
import io.github.apiguard.errors.ErrorCatalog;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.catalog.ErrorCodeEntry;
import io.github.apiguard.errors.catalog.RegisteredErrorCodes;
import io.github.apiguard.errors.envelope.ErrorContext;
import io.github.apiguard.errors.envelope.ErrorEnvelope;
import io.github.apiguard.errors.envelope.TemplateErrorEnvelope;
import io.github.apiguard.idempotency.IdempotencyErrorCode;
import io.github.apiguard.ratelimit.RateLimitErrorCode;
import io.github.apiguard.ratelimit.web.QuotaExceededProblem;
import io.github.apiguard.ratelimit.web.RateLimitHeaders;

/**
 * Describes apiguard's errors in OpenAPI terms: the envelope's schema, derived from bodies rendered by the
 * configured {@link ErrorEnvelope} (so renamed members, templates and custom envelopes are described as
 * they are), and the error responses added to operations, each code with an example body rendered by the
 * envelope. Several codes answered with one status share its response: each adds its example and a line
 * to its description.
 */
public class ErrorResponses {

	private static final Instant EXAMPLE_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final String EXAMPLE_REQUEST_ID = "0b8f4a8e-4b1e-4c52-9f3e-2f1d6a1c7e55";

	/** A detail no envelope knows: where it lands in a rendered body is where details go. */
	private static final String PROBE = "apiguard_openapi_probe";

	private final ErrorCatalog catalog;

	private final ErrorEnvelope envelope;

	private final JsonMapper jsonMapper;

	private final String schemaName;

	private final boolean forbiddenAsNotFound;

	private final @Nullable RegisteredErrorCodes registeredCodes;

	private final RateLimitHeaders rateLimitHeaders;

	/**
	 * Creates the descriptions, with the default rate-limit headers and no application codes.
	 * @param catalog the effective codes
	 * @param envelope the configured envelope
	 * @param jsonMapper writes example bodies
	 * @param schemaName the name of the envelope's schema component
	 */
	public ErrorResponses(ErrorCatalog catalog, ErrorEnvelope envelope, JsonMapper jsonMapper, String schemaName) {
		this(catalog, envelope, jsonMapper, schemaName, false, null, RateLimitHeaders.defaults());
	}

	/**
	 * Creates the descriptions.
	 * @param catalog the effective codes
	 * @param envelope the configured envelope
	 * @param jsonMapper writes example bodies
	 * @param schemaName the name of the envelope's schema component
	 * @param forbiddenAsNotFound whether 403 {@code forbidden} is answered as 404 (then documented so)
	 * @param registeredCodes the application's codes, named by {@link ApiErrorResponse @ApiErrorResponse}
	 * @param rateLimitHeaders the rate-limit headers responses carry
	 */
	public ErrorResponses(ErrorCatalog catalog, ErrorEnvelope envelope, JsonMapper jsonMapper, String schemaName,
			boolean forbiddenAsNotFound, @Nullable RegisteredErrorCodes registeredCodes,
			RateLimitHeaders rateLimitHeaders) {
		this.catalog = catalog;
		this.envelope = envelope;
		this.jsonMapper = jsonMapper;
		this.schemaName = schemaName;
		this.forbiddenAsNotFound = forbiddenAsNotFound;
		this.registeredCodes = registeredCodes;
		this.rateLimitHeaders = rateLimitHeaders;
	}

	/**
	 * The name of the envelope's schema component.
	 * @return the name
	 */
	public String schemaName() {
		return this.schemaName;
	}

	/**
	 * The envelope's schema, with an example: the members of a body with neither details nor request id
	 * are required, the details container is a free-form object.
	 * @return the schema
	 */
	public Schema<?> schema() {
		ApiError.Builder full = this.catalog.error(BuiltInErrorCode.NOT_FOUND)
			.message("The requested resource was not found.")
			.detail("id", "abc123")
			.detail(PROBE, "x");
		List<String> promoted = (this.envelope instanceof TemplateErrorEnvelope template)
				? template.options().promotedDetails() : List.of();
		promoted.forEach((name) -> full.detail(name, "x"));
		// Limit rejections carry the registered problem type's extension member: where it lands (the top level of
		// a problem, nowhere in other shapes) is where the schema describes it, as an optional member.
		QuotaExceededProblem.apply(full, List.of("per-minute"));
		JsonNode probed = render(full.build(), context(EXAMPLE_REQUEST_ID));
		// Required: the members of every code's body without details or request id (a code without a title,
		// say, has no title member).
		JsonNode minimal = null;
		for (BuiltInErrorCode builtIn : BuiltInErrorCode.values()) {
			JsonNode body = render(this.catalog.error(builtIn).build(), context(null));
			minimal = (minimal != null) ? common(minimal, body) : body;
		}
		Schema<?> schema = schemaOf(probed, minimal, promoted);
		schema.description("apiguard's error envelope: every 4xx and 5xx of this API is answered in it.");
		JsonNode example = render(this.catalog.error(BuiltInErrorCode.NOT_FOUND)
			.message("The requested resource was not found.")
			.detail("id", "abc123")
			.build(), context(EXAMPLE_REQUEST_ID));
		schema.example(this.jsonMapper.convertValue(example, Object.class));
		return schema;
	}

	/**
	 * The error a built-in code is answered with, as configured.
	 * @param builtIn the built-in code
	 * @return the error
	 */
	public ApiError error(ApiguardErrorCode builtIn) {
		if (builtIn == BuiltInErrorCode.FORBIDDEN && this.forbiddenAsNotFound) {
			// The 403 is answered as the 404 of a missing resource, so that is what clients will see.
			return this.catalog.error(BuiltInErrorCode.NOT_FOUND).build();
		}
		return this.catalog.error(builtIn).build();
	}

	/**
	 * The error an application code is answered with.
	 * @param code the code as rendered, or the name of its enum constant (or, for a built-in code, its
	 * default {@code snake_case} spelling)
	 * @return the error
	 * @throws IllegalStateException when no registered code has that name
	 */
	public ApiError error(String code) {
		for (BuiltInErrorCode builtIn : BuiltInErrorCode.values()) {
			ErrorCode effective = this.catalog.resolve(builtIn);
			// Built-in codes by their own name too, so an annotation holds whatever the configured spelling.
			if (effective.code().equals(code) || builtIn.code().equals(code) || builtIn.name().equals(code)) {
				return error(builtIn);
			}
		}
		if (this.registeredCodes != null) {
			for (ErrorCodeEntry entry : this.registeredCodes.entries()) {
				if (entry.code().equals(code) || entry.code().equalsIgnoreCase(code.replace('-', '_'))) {
					return ApiError.builder(entry.status(), entry.code(), entry.message())
						.title(entry.title())
						.retryable(entry.retryable())
						.build();
				}
			}
		}
		throw new IllegalStateException("@ApiErrorResponse names the code '" + code + "', which is neither built in "
				+ "nor registered (apiguard.errors.catalog.enums or an ErrorCodeContributor bean)");
	}

	/**
	 * Adds the error response of a built-in code, unless the operation documents its status itself.
	 * @param operation the operation
	 * @param builtIn the built-in code
	 * @return the response, or {@code null} when the operation documents the status itself
	 */
	public @Nullable ApiResponse add(Operation operation, ApiguardErrorCode builtIn) {
		return add(operation, error(builtIn));
	}

	/**
	 * Adds an error to the response of its status: a new response in the envelope, or one more example of
	 * the response apiguard already added. A response the operation documents itself is kept as it is.
	 * @param operation the operation
	 * @param error the error, as rendered
	 * @return the response, or {@code null} when the operation documents the status itself
	 */
	public @Nullable ApiResponse add(Operation operation, ApiError error) {
		ApiResponses responses = operation.getResponses();
		if (responses == null) {
			responses = new ApiResponses();
			operation.setResponses(responses);
		}
		String status = Integer.toString(error.status());
		String line = "`" + error.code() + "`: " + error.message();
		ApiResponse response = responses.get(status);
		MediaType mediaType;
		if (response == null) {
			mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + this.schemaName));
			response = new ApiResponse().description(line)
				.content(new Content().addMediaType(this.envelope.contentType().toString(), mediaType));
			responses.addApiResponse(status, response);
		}
		else {
			mediaType = ours(response);
			if (mediaType == null) {
				return null;
			}
			if (mediaType.getExamples() != null && mediaType.getExamples().containsKey(error.code())) {
				return response;
			}
			response.description(response.getDescription() + " Or " + line);
		}
		mediaType.addExamples(error.code(), new Example().summary(error.code())
			.value(this.jsonMapper.convertValue(render(error, context(EXAMPLE_REQUEST_ID)), Object.class)));
		if (error.retryable()) {
			header(response, "Retry-After", "Seconds to wait before retrying.");
		}
		return response;
	}

	private @Nullable MediaType ours(ApiResponse response) {
		if (response.getContent() == null) {
			return null;
		}
		MediaType mediaType = response.getContent().get(this.envelope.contentType().toString());
		boolean ours = mediaType != null && mediaType.getSchema() != null
				&& ("#/components/schemas/" + this.schemaName).equals(mediaType.getSchema().get$ref());
		return ours ? mediaType : null;
	}

	/**
	 * Documents the 401 and 403 (or its 404) of a secured operation.
	 * @param operation the operation
	 */
	public void secured(Operation operation) {
		ApiResponse unauthorized = add(operation, BuiltInErrorCode.UNAUTHORIZED);
		if (unauthorized != null) {
			stringHeader(unauthorized, "WWW-Authenticate", "The authentication scheme to use.");
		}
		add(operation, BuiltInErrorCode.FORBIDDEN);
	}

	/**
	 * Documents the key header and the errors of an idempotent operation: a malformed (or, when required,
	 * missing) key, a key reused or still in flight, a body too large to fingerprint, and the store refusing.
	 * @param operation the operation
	 * @param header the key header, e.g. {@code Idempotency-Key}
	 * @param required whether the key is required (then a missing key is documented too)
	 * @param failOpen whether requests run unprotected while the store is unreachable (else 503)
	 */
	public void idempotent(Operation operation, String header, boolean required, boolean failOpen) {
		headerParameter(operation, header, "A unique key per intended operation: a retry with the same key and "
				+ "request gets the first response replayed, never a second execution.", required);
		if (required) {
			add(operation, IdempotencyErrorCode.IDEMPOTENCY_KEY_MISSING);
		}
		add(operation, IdempotencyErrorCode.IDEMPOTENCY_KEY_INVALID);
		add(operation, IdempotencyErrorCode.IDEMPOTENCY_CONFLICT);
		ApiResponse inFlight = add(operation, this.catalog.error(IdempotencyErrorCode.IDEMPOTENCY_IN_FLIGHT)
			.retryable(true)
			.build());
		header(inFlight, "Retry-After", "Seconds to wait, when the earlier request is still in flight.");
		add(operation, IdempotencyErrorCode.IDEMPOTENCY_OUTCOME_UNKNOWN);
		add(operation, this.catalog.error(BuiltInErrorCode.PAYLOAD_TOO_LARGE)
			.message("The request body is too large for an idempotent request.")
			.build());
		header(add(operation, this.catalog.error(IdempotencyErrorCode.IDEMPOTENCY_CAPACITY_EXCEEDED).build()),
				"Retry-After", "Seconds to wait before retrying.");
		if (!failOpen) {
			header(add(operation, this.catalog.error(BuiltInErrorCode.SERVICE_UNAVAILABLE).build()), "Retry-After",
					"Seconds to wait before retrying.");
		}
		ApiResponses responses = operation.getResponses();
		if (responses != null) {
			responses.forEach((status, response) -> {
				if (status.startsWith("2")) {
					stringHeader(response, "Idempotent-Replayed",
							"`true` when this is the stored response of an earlier request with the same key.");
				}
			});
		}
	}

	/**
	 * Documents the 429 (and the quota's status, when remapped, e.g. to 402) of a rate-limited operation,
	 * with {@code Retry-After} and the rate-limit headers required, and the rate-limit headers that every
	 * other response of it may carry.
	 * @param operation the operation
	 * @param denyOnOutage whether the limiter refuses requests with 503 while its store is unreachable
	 */
	public void rateLimited(Operation operation, boolean denyOnOutage) {
		rateLimited(operation, denyOnOutage, false);
	}

	/**
	 * Documents the 429 (and the quota's status, when remapped, e.g. to 402) of a rate-limited operation,
	 * with {@code Retry-After} and the rate-limit headers required, and the rate-limit headers that the other
	 * responses of it may carry: not a 401 or a 403 of the security filter chain, answered before any limit
	 * is charged.
	 * @param operation the operation
	 * @param denyOnOutage whether the limiter refuses requests with 503 while its store is unreachable
	 * @param methodSecurity whether a 403 comes from method security ({@code @PreAuthorize}), when the
	 * handler is invoked, after the limit was charged and its headers set
	 */
	public void rateLimited(Operation operation, boolean denyOnOutage, boolean methodSecurity) {
		ApiResponse tooMany = add(operation, limitRejection(BuiltInErrorCode.RATE_LIMIT_EXCEEDED, "per-minute"));
		ApiResponse quota = add(operation, limitRejection(RateLimitErrorCode.QUOTA_EXCEEDED, "monthly"));
		if (denyOnOutage) {
			add(operation, BuiltInErrorCode.SERVICE_UNAVAILABLE);
		}
		if (operation.getResponses() != null) {
			operation.getResponses().forEach((status, response) -> {
				// Authentication and URL authorization answer in the filter chain, before the interceptor.
				boolean limited = response == tooMany || response == quota;
				// With rejections-only headers, only the rejections carry them.
				if (!status.equals("401") && !(status.equals("403") && !methodSecurity)
						&& (limited || !this.rateLimitHeaders.rejectionsOnly())) {
					rateLimitHeaders(response, limited, status.equals("429") || status.equals("503"));
				}
			});
		}
	}

	private ApiError limitRejection(ApiguardErrorCode builtIn, String violatedPolicy) {
		return QuotaExceededProblem.apply(this.catalog.error(builtIn), List.of(violatedPolicy)).build();
	}

	private void rateLimitHeaders(ApiResponse response, boolean limited, boolean retryAfter) {
		if (this.rateLimitHeaders.legacy()) {
			header(response, "X-RateLimit-Limit", "The request quota of the most restrictive limit.", limited,
					int64());
			header(response, "X-RateLimit-Remaining", "The units left in the current window.", limited, int64());
			header(response, "X-RateLimit-Reset",
					(this.rateLimitHeaders.reset() == RateLimitHeaders.ResetFormat.EPOCH_SECONDS)
							? "When the limit is whole again, in seconds since the epoch."
							: "Seconds until the limit is whole again.",
					limited, int64());
		}
		if (this.rateLimitHeaders.ietf()) {
			header(response, "RateLimit-Policy", "The limits that apply (draft-ietf-httpapi-ratelimit-headers).",
					limited, new StringSchema());
			header(response, "RateLimit", "The state of the most restrictive limit "
					+ "(draft-ietf-httpapi-ratelimit-headers).", limited, new StringSchema());
		}
		if (limited && retryAfter) {
			// Only a 429 (or 503) says when to retry: a quota answered as 402 wants payment, not patience.
			header(response, "Retry-After", "Seconds to wait before retrying.", true, new IntegerSchema());
		}
	}

	private static Schema<?> int64() {
		return new IntegerSchema().format("int64");
	}

	/**
	 * Adds an optional integer response header, unless the response documents it.
	 * @param response the response, or {@code null} to do nothing
	 * @param name the header
	 * @param description what it holds
	 */
	public static void header(@Nullable ApiResponse response, String name, String description) {
		if (response != null) {
			header(response, name, description, false, new IntegerSchema());
		}
	}

	private static void stringHeader(ApiResponse response, String name, String description) {
		header(response, name, description, false, new StringSchema());
	}

	private static void header(ApiResponse response, String name, String description, boolean required,
			Schema<?> schema) {
		Header existing = (response.getHeaders() != null) ? response.getHeaders().get(name) : null;
		if (existing == null) {
			response.addHeaderObject(name,
					new Header().description(description).schema(schema).required(required ? true : null));
		}
		else if (required && existing.getRequired() == null) {
			existing.required(true);
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

	private static ErrorContext context(@Nullable String requestId) {
		return new ErrorContext("/example", requestId, EXAMPLE_TIME);
	}

	private JsonNode render(ApiError error, ErrorContext context) {
		return this.jsonMapper.valueToTree(this.envelope.body(error, context));
	}

	/** The members two bodies have in common, recursively. */
	private static JsonNode common(JsonNode first, JsonNode second) {
		if (!first.isObject() || !second.isObject()) {
			return first;
		}
		ObjectNode common = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> member : first.properties()) {
			JsonNode other = second.get(member.getKey());
			if (other != null) {
				common.set(member.getKey(), common(member.getValue(), other));
			}
		}
		return common;
	}

	/**
	 * The schema of a rendered body: the object holding the probe detail is free-form (any member, as
	 * details are), members present in the minimal body are required, and members written as {@code null}
	 * are nullable.
	 */
	private static Schema<?> schemaOf(JsonNode node, @Nullable JsonNode minimal, List<String> promoted) {
		if (node.isObject()) {
			Schema<?> object = typed("object");
			boolean details = node.has(PROBE);
			List<String> required = new ArrayList<>();
			Map<String, Schema> properties = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				String name = member.getKey();
				JsonNode inMinimal = (minimal != null && minimal.isObject()) ? minimal.get(name) : null;
				if (details && (name.equals(PROBE) || inMinimal == null)) {
					// A detail, not a member of the envelope: any detail may be there, or none.
					continue;
				}
				// A promoted detail is written into the error object, with any value.
				properties.put(name, (inMinimal == null && promoted.contains(name)) ? new Schema<>()
						: schemaOf(member.getValue(), inMinimal, promoted));
				if (inMinimal != null) {
					required.add(name);
				}
			}
			if (!properties.isEmpty()) {
				object.setProperties(properties);
			}
			if (!required.isEmpty()) {
				object.setRequired(required);
			}
			object.setAdditionalProperties(details ? Boolean.TRUE : Boolean.FALSE);
			if (details) {
				object.description("Details: members that depend on the error, e.g. the field that failed.");
			}
			return object;
		}
		if (node.isArray()) {
			return typed("array").items((!node.isEmpty()) ? schemaOf(node.get(0), null, promoted) : new Schema<>());
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
			// Always null in this shape (e.g. the data member of a result envelope).
			return new Schema<>().nullable(true).types(Set.of("null"));
		}
		return typed("string");
	}

	private static Schema<?> typed(String type) {
		// OpenAPI 3.0 reads 'type', 3.1 'types': set both, whichever version springdoc writes.
		return new Schema<>().type(type).types(Set.of(type));
	}

}
