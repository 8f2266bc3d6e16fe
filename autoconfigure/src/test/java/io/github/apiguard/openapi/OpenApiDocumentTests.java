package io.github.apiguard.openapi;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.ratelimit.RateLimited;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document springdoc serves, with apiguard's schema and error responses in it.
 */
@SpringBootTest(classes = { TestApplication.class, OpenApiDocumentTests.Builds.class },
		properties = { "apiguard.errors.envelope.shape=flat",
				"apiguard.rate-limit.policies.api.paths=/limited/**",
				"apiguard.rate-limit.policies.api.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.api.limits.default[0].limit=100",
				"apiguard.rate-limit.policies.api.limits.default[0].period=1m",
				"apiguard.rate-limit.policies.reports.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.reports.limits.default[0].limit=5",
				"apiguard.rate-limit.policies.reports.limits.default[0].period=1m",
				"apiguard.openapi.secured-paths=/secured/**" })
@AutoConfigureMockMvc
class OpenApiDocumentTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void describesTheConfiguredEnvelopeAsASchemaComponent() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.satisfies((json) -> assertThat(json.getJson()).contains("\"ApiError\""))
			.hasPathSatisfying("$.components.schemas.ApiError.properties.error.type",
					(type) -> assertThat(type).isEqualTo("string"))
			.hasPathSatisfying("$.components.schemas.ApiError.properties.message.type",
					(type) -> assertThat(type).isEqualTo("string"))
			.hasPathSatisfying("$.components.schemas.ApiError.example.error",
					(code) -> assertThat(code).isEqualTo("not_found"));
	}

	@Test
	void documentsTheIdempotencyKeyAndItsConflictOnWrites() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/builds'].post.parameters[?(@.name == 'Idempotency-Key')].in",
					(in) -> assertThat(in).asArray().containsExactly("header"))
			.hasPathSatisfying("$.paths['/builds'].post.responses['409'].content['application/json'].schema['$ref']",
					(ref) -> assertThat(ref).isEqualTo("#/components/schemas/ApiError"))
			.hasPathSatisfying("$.paths['/builds'].post.responses['409'].description",
					(description) -> assertThat(description).asString().contains("idempotency_conflict"))
			.doesNotHavePath("$.paths['/builds'].get.responses['409']")
			.hasPathSatisfying("$.paths['/builds'].post.responses['400'].content['application/json'].examples",
					(examples) -> assertThat(examples).asMap()
						.containsOnlyKeys("idempotency_key_invalid"))
			.hasPath("$.paths['/builds'].post.responses['413']")
			.hasPath("$.paths['/builds'].post.responses['503'].headers['Retry-After']")
			.hasPath("$.paths['/builds'].post.responses['200'].headers['Idempotent-Replayed']")
			.doesNotHavePath("$.paths['/builds/search'].post.responses['409']");
	}

	@Test
	void documentsARequiredKeyAndItsAbsence() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/payments'].put.parameters[?(@.name == 'Idempotency-Key')].required",
					(required) -> assertThat(required).asArray().containsExactly(true))
			.hasPathSatisfying("$.paths['/payments'].put.responses['400'].description",
					(description) -> assertThat(description).asString().contains("idempotency_key_missing"))
			.hasPath("$.paths['/payments'].put.responses['409']");
	}

	@Test
	void documents429WithRateLimitHeadersOnRateLimitedOperationsOnly() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/limited/report'].get.responses['429'].headers",
					(headers) -> assertThat(headers).asMap()
						.containsKeys("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"))
			.hasPathSatisfying("$.paths['/reports'].get.responses['429'].description",
					(description) -> assertThat(description).asString().contains("rate_limit_exceeded"))
			.doesNotHavePath("$.paths['/builds'].get.responses['429']");
	}

	@Test
	void documents401And403OnSecuredOperationsOnly() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPath("$.paths['/secured/me'].get.responses['401']")
			.hasPath("$.paths['/secured/me'].get.responses['403']")
			.hasPath("$.paths['/builds/{id}'].delete.responses['403']")
			.doesNotHavePath("$.paths['/builds'].get.responses['401']");
	}

	@Test
	void documentsWhatTheSignatureImplies() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/releases/{id}'].put.responses['400'].content['application/json'].examples",
					(examples) -> assertThat(examples).asMap().containsOnlyKeys("invalid_request", "validation_failed"))
			.hasPath("$.paths['/releases/{id}'].put.responses['404']")
			.hasPath("$.paths['/releases/{id}'].put.responses['415']")
			.hasPath("$.paths['/releases/{id}'].put.responses['406']")
			.hasPath("$.paths['/releases/{id}'].put.responses['405'].headers['Allow']")
			.hasPath("$.paths['/releases/{id}'].put.responses['500']")
			.doesNotHavePath("$.paths['/builds'].get.responses['400']")
			.doesNotHavePath("$.paths['/builds'].get.responses['404']")
			.doesNotHavePath("$.paths['/builds'].get.responses['415']")
			.doesNotHavePath("$.paths['/builds/{id}'].delete.responses['406']")
			.hasPath("$.paths['/builds/{id}'].delete.responses['404']");
	}

	@Test
	void asynchronousHandlersDocumentThe503OfATimeout() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying(
					"$.paths['/exports/callable'].get.responses['503'].content['application/json'].examples",
					(examples) -> assertThat(examples).asMap().containsKey("service_unavailable"))
			.hasPath("$.paths['/exports/deferred'].get.responses['503']")
			.hasPath("$.paths['/exports/task'].get.responses['503']")
			.doesNotHavePath("$.paths['/builds'].get.responses['503']");
	}

	@Test
	void documentsTheCodesAHandlerNames() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/releases/{id}'].put.responses['409'].content['application/json'].examples"
					+ ".conflict.value", (body) -> assertThat(body).isEqualTo(
							java.util.Map.of("error", "conflict", "message",
									"The request conflicts with the current state of the resource.")));
	}

	@Test
	void rateLimitedOperationsDocumentTheirHeadersOnEveryResponse() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.paths['/reports'].get.responses['200'].headers['X-RateLimit-Reset'].schema.format",
					(format) -> assertThat(format).isEqualTo("int64"))
			.hasPathSatisfying("$.paths['/reports'].get.responses['429'].headers['Retry-After'].required",
					(required) -> assertThat(required).isEqualTo(true))
			.hasPath("$.paths['/limited/report'].get.responses['200'].headers['X-RateLimit-Limit']")
			.doesNotHavePath("$.paths['/builds'].get.responses['200'].headers");
	}

	@Test
	void rateLimitHeadersAreNotDocumentedOnTheSecurityFilterChainsAnswersWhichNeverCarryThem() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPath("$.paths['/secured/report'].get.responses['429'].headers['X-RateLimit-Limit']")
			.hasPath("$.paths['/secured/report'].get.responses['500'].headers['X-RateLimit-Limit']")
			.doesNotHavePath("$.paths['/secured/report'].get.responses['401'].headers['X-RateLimit-Limit']")
			.doesNotHavePath("$.paths['/secured/report'].get.responses['403'].headers['X-RateLimit-Limit']")
			// Method security refuses when the handler is invoked, after the limit was charged.
			.hasPath("$.paths['/admin/report'].get.responses['403'].headers['X-RateLimit-Limit']");
	}

	@Test
	void detailsAreAFreeFormObjectAndTheEnvelopesMembersAreRequired() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPathSatisfying("$.components.schemas.ApiError.properties.details.additionalProperties",
					(free) -> assertThat(free).isEqualTo(true))
			.hasPathSatisfying("$.components.schemas.ApiError.required",
					(required) -> assertThat(required).asArray().containsExactly("error", "message"));
	}

	record Release(@jakarta.validation.constraints.NotBlank String version) {
	}

	@RestController
	static class Builds {

		@ApiErrorResponse(code = "conflict")
		@PutMapping("/releases/{id}")
		@Idempotent(exempt = true)
		Release release(@PathVariable String id, @jakarta.validation.Valid @RequestBody Release release) {
			return release;
		}


		@GetMapping("/builds")
		String list() {
			return "[]";
		}

		@PostMapping("/builds")
		String create() {
			return "{}";
		}

		@PreAuthorize("hasRole('ADMIN')")
		@DeleteMapping("/builds/{id}")
		void delete(@PathVariable String id) {
		}

		@Idempotent(exempt = true)
		@PostMapping("/builds/search")
		String search() {
			return "[]";
		}

		@Idempotent(required = true)
		@PutMapping("/payments")
		String pay() {
			return "{}";
		}

		@GetMapping("/limited/report")
		String limited() {
			return "{}";
		}

		@RateLimited(policy = "reports")
		@GetMapping("/reports")
		String reports() {
			return "{}";
		}

		@RateLimited(policy = "reports")
		@GetMapping("/secured/report")
		String securedReport() {
			return "{}";
		}

		@PreAuthorize("hasRole('ADMIN')")
		@RateLimited(policy = "reports")
		@GetMapping("/admin/report")
		String adminReport() {
			return "{}";
		}

		@GetMapping("/secured/me")
		String me() {
			return "{}";
		}

		@GetMapping("/exports/callable")
		java.util.concurrent.Callable<String> callableExport() {
			return () -> "{}";
		}

		@GetMapping("/exports/deferred")
		org.springframework.web.context.request.async.DeferredResult<String> deferredExport() {
			return new org.springframework.web.context.request.async.DeferredResult<>();
		}

		@GetMapping("/exports/task")
		org.springframework.web.context.request.async.WebAsyncTask<String> taskExport() {
			return new org.springframework.web.context.request.async.WebAsyncTask<>(() -> "{}");
		}

	}

}
