package io.github.apiguard.sample.openapi;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds real responses against the document the application serves: each must be documented for its
 * operation and status, with a media type, body and headers the document allows, and every header apiguard
 * sets ({@code Retry-After}, rate-limit headers, ...) must be documented for that status. A response to a
 * method its path does not map (405) belongs to the path, so it must be documented on each of its operations.
 */
final class OpenApiContract {

	/** Headers whose presence clients act on: sending one the document does not promise is a lie by omission. */
	private static final Set<String> DOCUMENTED_HEADERS = Set.of("retry-after", "x-ratelimit-limit",
			"x-ratelimit-remaining", "x-ratelimit-reset", "ratelimit", "ratelimit-policy", "idempotent-replayed",
			"location", "allow", "www-authenticate");

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	private final JsonNode document;

	private final OpenApiInteractionValidator validator;

	OpenApiContract(String document) {
		this.document = JsonMapper.shared().readTree(document);
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
	}

	/**
	 * Everything the document gets wrong about the exchanges.
	 * @param exchanges the exchanges
	 * @return one line per violation
	 */
	List<String> violations(List<Exchange> exchanges) {
		List<String> violations = new ArrayList<>();
		for (Exchange exchange : exchanges) {
			JsonNode path = this.document.path("paths").path(exchange.template());
			if (path.isMissingNode()) {
				violations.add(exchange + ": path " + exchange.template() + " is not documented");
				continue;
			}
			List<String> methods = new ArrayList<>();
			String sent = exchange.method().toLowerCase(Locale.ROOT);
			if (path.has(sent)) {
				methods.add(sent);
			}
			else {
				path.propertyNames().stream().filter(METHODS::contains).forEach(methods::add);
			}
			for (String method : methods) {
				check(exchange, method, path.path(method), violations);
			}
		}
		return violations;
	}

	private void check(Exchange exchange, String method, JsonNode operation, List<String> violations) {
		HttpResponse<String> response = exchange.response();
		String where = exchange + " (as " + method.toUpperCase(Locale.ROOT) + " " + exchange.template() + ")";
		SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.statusCode());
		response.headers().map().forEach(actual::withHeader);
		response.headers().firstValue("Content-Type").ifPresent(actual::withContentType);
		if (!response.body().isEmpty()) {
			actual.withBody(response.body());
		}
		ValidationReport report = this.validator.validateResponse(exchange.path(),
				Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), actual.build());
		for (ValidationReport.Message message : report.getMessages()) {
			if (message.getLevel() == ValidationReport.Level.ERROR) {
				violations.add(where + ": " + message.getKey() + ": " + message.getMessage());
			}
		}
		JsonNode documented = operation.path("responses").path(Integer.toString(response.statusCode()));
		if (documented.isMissingNode()) {
			return;
		}
		Set<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		headers.addAll(documented.path("headers").propertyNames());
		for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
			if (DOCUMENTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))
					&& !headers.contains(header.getKey())) {
				violations.add(where + ": header " + header.getKey() + " is not documented for "
						+ response.statusCode());
			}
		}
	}

	/**
	 * One request of the corpus and its response.
	 *
	 * @param name what it exercises
	 * @param method the method sent
	 * @param path the path sent
	 * @param template the documented path it matches
	 * @param response the response
	 */
	record Exchange(String name, String method, String path, String template, HttpResponse<String> response) {

		@Override
		public String toString() {
			return "[" + this.name + "] " + this.method + " " + this.path + " → " + this.response.statusCode() + " "
					+ abbreviate(this.response.body());
		}

		private static String abbreviate(String body) {
			return (body.length() > 300) ? body.substring(0, 300) + "…" : body;
		}

	}

}
