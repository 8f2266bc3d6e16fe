package io.github.apiguard.openapi;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the document used to disagree with run time: a path policy matching only some paths of a route
 * (the document matched the route's pattern as if it were a path, and left the route undocumented while
 * {@code /items/special} was limited), a stream that cannot honour an {@code Idempotency-Key} (documented
 * with one), and rate-limit headers sent on rejections only (documented on every response).
 */
@SpringBootTest(classes = { TestApplication.class, EndpointsAgreementTests.Items.class },
		properties = { "apiguard.rate-limit.policies.special.paths=/items/special",
				"apiguard.rate-limit.policies.special.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.special.limits.default[0].limit=100",
				"apiguard.rate-limit.policies.special.limits.default[0].period=1m",
				"apiguard.rate-limit.policies.all.paths=/all/**",
				"apiguard.rate-limit.policies.all.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.all.limits.default[0].limit=100",
				"apiguard.rate-limit.policies.all.limits.default[0].period=1m",
				"apiguard.rate-limit.headers.rejections-only=true" })
@AutoConfigureMockMvc
class EndpointsAgreementTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void aRouteLimitedOnSomeOfItsPathsIsDocumentedAsLimitedThere() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPath("$.paths['/items/{id}'].get.responses['429']")
			.hasPathSatisfying("$.paths['/items/{id}'].get.description",
					(description) -> assertThat(description).asString().contains("special"))
			.doesNotHavePath("$.paths['/plain/{id}'].get.responses['429']")
			.hasPath("$.paths['/all/{id}'].get.responses['429']")
			.doesNotHavePath("$.paths['/all/{id}'].get.description");
	}

	@Test
	void rejectionsOnlyHeadersAreDocumentedOnRejectionsOnly() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPath("$.paths['/all/{id}'].get.responses['429'].headers['X-RateLimit-Limit']")
			.doesNotHavePath("$.paths['/all/{id}'].get.responses['200'].headers['X-RateLimit-Limit']");
	}

	@Test
	void aStreamNeitherDocumentsNorHonoursAnIdempotencyKey() {
		assertThat(this.mvc.post().uri("/streams").header("Idempotency-Key", "not,one-key").exchange())
			.hasStatusOk();
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.doesNotHavePath("$.paths['/streams'].post.parameters")
			.hasPathSatisfying("$.paths['/writes'].post.parameters[?(@.name == 'Idempotency-Key')].in",
					(in) -> assertThat(in).asArray().containsExactly("header"));
		assertThat(this.mvc.post().uri("/writes").header("Idempotency-Key", "not,one-key").exchange())
			.hasStatus(400);
	}

	@RestController
	static class Items {

		@GetMapping("/items/{id}")
		String item(@PathVariable String id) {
			return "{}";
		}

		@GetMapping("/plain/{id}")
		String plain(@PathVariable String id) {
			return "{}";
		}

		@GetMapping("/all/{id}")
		String all(@PathVariable String id) {
			return "{}";
		}

		@PostMapping("/streams")
		StreamingResponseBody stream() {
			return (out) -> out.write("{}".getBytes());
		}

		@PostMapping("/writes")
		String write() {
			return "{}";
		}

	}

}
