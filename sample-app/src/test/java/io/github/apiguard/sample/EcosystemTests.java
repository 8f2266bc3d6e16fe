package io.github.apiguard.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.github.apiguard.test.ApiErrorAssertions.assertThatApiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app uses apiguard's ecosystem integrations as a user would: Actuator metrics and the error
 * catalogue, springdoc's document, and the test assertions (seed 000's flat envelope).
 */
@SpringBootTest
@AutoConfigureMockMvc
class EcosystemTests {

	private static final String ADMIN = "Bearer pt_live_demo_admin";

	@Autowired
	MockMvcTester mvc;

	@Test
	void errorsAreAssertedByCodeWhateverTheShape() {
		assertThatApiError(this.mvc.get().uri("/v1/builds/bld_nope").header("Authorization", ADMIN).exchange())
			.hasStatus(404)
			.hasErrorCode("not_found")
			.hasMessage("Build not found.");
		assertThatApiError(this.mvc.get().uri("/v1/builds").exchange()).hasStatus(401).hasErrorCode("unauthorized");
	}

	@Test
	void errorsAreCountedByCodeAndStatus() {
		this.mvc.get().uri("/v1/builds/bld_counted").header("Authorization", ADMIN).exchange();
		assertThat(this.mvc.get().uri("/actuator/metrics/apiguard.errors?tag=code:not_found&tag=status:404").exchange())
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.measurements[0].value")
			.asNumber()
			.satisfies((count) -> assertThat(count.doubleValue()).isGreaterThanOrEqualTo(1));
	}

	@Test
	void theCatalogueListsBuiltInAndSampleCodes() {
		assertThat(this.mvc.get().uri("/actuator/errorcodes/build_not_ready").exchange()).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"codes\":[{\"code\":\"build_not_ready\",\"status\":409,\"retryable\":true,"
					+ "\"source\":\"io.github.apiguard.sample.SampleErrors\"}]}");
		assertThat(this.mvc.get().uri("/actuator/errorcodes").exchange()).bodyJson()
			.extractingPath("$.codes[*].code")
			.asArray()
			.contains("invalid_request", "not_found", "rate_limit_exceeded", "build_not_ready");
	}

	@Test
	void theOpenApiDocumentDescribesTheEnvelopeAndEachOperationsErrors() {
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).hasStatusOk()
			.bodyJson()
			.hasPath("$.components.schemas.ApiError.properties.error")
			.hasPath("$.paths['/v1/builds'].get.responses['401']")
			.hasPath("$.paths['/v1/builds'].get.responses['429'].headers['Retry-After']")
			.hasPath("$.paths['/v1/builds'].post.responses['409']")
			.hasPathSatisfying("$.paths['/v1/builds'].post.parameters[*].name",
					(names) -> assertThat(names).asArray().contains("Idempotency-Key"));
	}

}
