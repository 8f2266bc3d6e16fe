package io.github.apiguard.sample.openapi;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.github.apiguard.idempotency.web.IdempotentEndpoints;
import io.github.apiguard.ratelimit.web.RateLimitInterceptor;
import io.github.apiguard.sample.SampleApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every handler method of the sample, {@code /v3/api-docs} says what run time does: an operation documents
 * the 429 and the rate-limit headers exactly when a real request to it comes back with {@code X-RateLimit-*}
 * headers, and the {@code Idempotency-Key} header exactly when a real request with a malformed key is refused
 * for it ({@code idempotency_key_invalid}) rather than served. Both are also asked of the endpoints the
 * interceptors act on, so a document derived by other rules fails here whichever side is wrong.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DocumentAgreesWithRunTimeTests {

	/** Not documented by springdoc: its own endpoints and the error controller. */
	private static final Set<String> UNDOCUMENTED_PACKAGES = Set.of("org.springdoc.", "org.springframework.boot.",
			"io.github.apiguard.errors.");

	@LocalServerPort
	int port;

	@Autowired
	List<RequestMappingHandlerMapping> mappings;

	@Autowired
	RateLimitInterceptor rateLimits;

	@Autowired
	IdempotentEndpoints idempotentEndpoints;

	@Test
	void everyHandlerIsDocumentedAsItIsGuarded() {
		SampleApi api = new SampleApi(this.port);
		JsonNode paths = JsonMapper.shared().readTree(api.get("/v3/api-docs", null).body()).get("paths");
		List<String> checked = new ArrayList<>();
		List<String> disagreements = new ArrayList<>();
		for (RequestMappingHandlerMapping mapping : this.mappings) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				HandlerMethod handler = entry.getValue();
				Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
				for (String pattern : entry.getKey().getPatternValues()) {
					JsonNode item = paths.get(pattern);
					if (item == null) {
						assertThat(UNDOCUMENTED_PACKAGES)
							.as("%s (%s) is not in the document", handler, pattern)
							.anyMatch((prefix) -> handler.getBeanType().getName().startsWith(prefix));
						assertThat(limitedAtRunTime(api, pattern, "GET"))
							.as("undocumented %s is rate limited", pattern)
							.isFalse();
						continue;
					}
					assertThat(methods).as("%s maps a method", handler).isNotEmpty();
					for (RequestMethod method : methods) {
						JsonNode operation = item.get(method.name().toLowerCase(Locale.ROOT));
						assertThat(operation).as("%s %s is documented", method, pattern).isNotNull();
						checked.add(method + " " + pattern);
						boolean documentedLimited = documentsRateLimits(operation);
						boolean limited = limitedAtRunTime(api, pattern, method.name());
						if (documentedLimited != limited
								|| documentedLimited != this.rateLimits.endpoints().endpoint(handler).limited()) {
							disagreements.add(method + " " + pattern + ": rate limits documented " + documentedLimited
									+ ", at run time " + limited);
						}
						boolean documentedKey = documentsIdempotencyKey(operation);
						boolean honoured = keyHonouredAtRunTime(api, pattern, method.name());
						if (documentedKey != honoured
								|| documentedKey != this.idempotentEndpoints.endpoint(handler).guards(method.name())) {
							disagreements.add(method + " " + pattern + ": Idempotency-Key documented " + documentedKey
									+ ", at run time " + honoured);
						}
					}
				}
			}
		}
		assertThat(disagreements).isEmpty();
		// The sample's whole API was compared, limited or not, idempotent or not.
		assertThat(new TreeSet<>(checked)).contains("GET /v1/builds", "POST /v1/builds", "GET /v1/builds/{id}",
				"POST /v1/builds/{id}/deployments", "POST /v1/releases", "GET /v1/releases/{id}",
				"POST /v1/admin/maintenance", "POST /v1/admin/faults");
	}

	private static boolean documentsRateLimits(JsonNode operation) {
		JsonNode tooMany = operation.path("responses").path("429");
		return !tooMany.isMissingNode() && tooMany.path("headers").has("X-RateLimit-Limit");
	}

	private static boolean documentsIdempotencyKey(JsonNode operation) {
		for (JsonNode parameter : operation.path("parameters")) {
			if ("header".equals(parameter.path("in").asString())
					&& "Idempotency-Key".equalsIgnoreCase(parameter.path("name").asString())) {
				return true;
			}
		}
		return false;
	}

	/** A real request: the rate limiter sets its headers before the handler runs, whatever it answers. */
	private static boolean limitedAtRunTime(SampleApi api, String pattern, String method) {
		HttpResponse<String> response = send(api, pattern, method, null);
		return response.headers().firstValue("X-RateLimit-Limit").isPresent();
	}

	/** A real request with a malformed key: refused where the key is honoured, ignored elsewhere. */
	private static boolean keyHonouredAtRunTime(SampleApi api, String pattern, String method) {
		HttpResponse<String> response = send(api, pattern, method, "not,one-key");
		return response.statusCode() == 400 && response.body().contains("idempotency_key_invalid");
	}

	private static HttpResponse<String> send(SampleApi api, String pattern, String method, String idempotencyKey) {
		// A concrete path of the route, and a body no handler accepts: nothing is created, every guard runs.
		String path = pattern.replaceAll("\\{[^}]+}", "probe-1");
		return api.send(path, (request) -> {
			request.header("Authorization", "Bearer " + SampleApi.ADMIN).header("Content-Type", "application/json");
			if (idempotencyKey != null) {
				request.header("Idempotency-Key", idempotencyKey);
			}
			return request.method(method, method.equals("GET") ? BodyPublishers.noBody() : BodyPublishers.ofString("{}"));
		});
	}

}
